package honk.storage.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A checked path in the file tree: "/" or "/a/b", '/'-separated from the root. There is no working
 * directory, so "a/b" means "/a/b", and one trailing '/' is dropped ("/etc/" is "/etc"). Refused,
 * each with the reason: an empty path, an empty segment ("a//b"), "." and ".." segments (a path
 * names a file by its plain name; nothing climbs out of a scope), NUL and other control characters,
 * text that is not valid Unicode, a segment over 255 bytes and a path over {@link #MAX_BYTES}.
 * Immutable; pure Java.
 */
public final class FsPath implements Comparable<FsPath> {
    /**
     * Bytes in one segment: Linux's NAME_MAX, so any file can be copied out to a Linux filesystem.
     */
    public static final int MAX_SEGMENT_BYTES = 255;

    /**
     * Bytes in a whole path: the KV layer stores a file under the key "fs:" + path, and keys stop
     * at 1024 bytes.
     */
    public static final int MAX_BYTES = 1000;

    public static final FsPath ROOT = new FsPath("/", List.of());

    private final String text; // "/" or "/a/b"
    private final List<String> segments;

    private FsPath(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** The path {@code input} names; an {@link InvalidPathException} says what is wrong with it. */
    public static FsPath parse(String input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidPathException(String.valueOf(input), "empty path (the root is /)");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == 0) {
                throw new InvalidPathException(printable(input), "NUL character at index " + i);
            }
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidPathException(
                        printable(input),
                        String.format("control character U+%04X at index %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < input.length()
                    && Character.isLowSurrogate(input.charAt(i + 1))) {
                i++; // a valid pair
            } else if (Character.isSurrogate(c)) {
                throw new InvalidPathException(
                        input, "not valid Unicode (a lone surrogate at index " + i + ")");
            }
        }
        String body = input.startsWith("/") ? input.substring(1) : input;
        if (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            if (input.equals("/")) {
                return ROOT;
            }
            throw new InvalidPathException(input, "empty segment (a doubled '/')");
        }
        var segments = new ArrayList<String>();
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidPathException(input, "empty segment (a doubled '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidPathException(
                        input, "'" + segment + "' segment; name a file by its plain path from /");
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                throw new InvalidPathException(
                        input,
                        "a name of " + bytes + " bytes, over the limit of " + MAX_SEGMENT_BYTES);
            }
            segments.add(segment);
        }
        String text = "/" + body;
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidPathException(
                    input, bytes + " bytes of UTF-8, over the limit of " + MAX_BYTES);
        }
        return new FsPath(text, List.copyOf(segments));
    }

    private static String printable(String s) {
        var out = new StringBuilder();
        s.chars()
                .forEach(c ->
                        out.append(
                                c < 0x20 || c == 0x7f
                                        ? String.format("\\x%02x", c)
                                        : String.valueOf((char) c)));
        return out.toString();
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The names from the root down; empty for the root. */
    public List<String> segments() {
        return segments;
    }

    /** The last name, or "/" for the root. */
    public String name() {
        return isRoot() ? "/" : segments.getLast();
    }

    /** The directory holding this path; the root is its own parent. */
    public FsPath parent() {
        return segments.size() <= 1 ? ROOT : of(segments.subList(0, segments.size() - 1));
    }

    /** This path and a further name, checked as {@link #parse} checks a path. */
    public FsPath resolve(String name) {
        return parse(isRoot() ? "/" + name : text + "/" + name);
    }

    /** Every directory above this path, from the first below the root down to the parent. */
    public List<FsPath> ancestors() {
        var out = new ArrayList<FsPath>();
        for (int n = 1; n < segments.size(); n++) {
            out.add(of(segments.subList(0, n)));
        }
        return out;
    }

    /**
     * Whether this path is {@code scope} or lies below it (by whole names: "/homer" is not in
     * "/home").
     */
    public boolean isWithin(FsPath scope) {
        return segments.size() >= scope.segments.size()
                && segments.subList(0, scope.segments.size()).equals(scope.segments);
    }

    /** The path without its leading '/': "a/b", or "" for the root (the core image's form). */
    public String relative() {
        return text.substring(1);
    }

    private static FsPath of(List<String> segments) {
        return new FsPath("/" + String.join("/", segments), List.copyOf(segments));
    }

    @Override
    public int compareTo(FsPath o) {
        return Arrays.compare(segments.toArray(String[]::new), o.segments.toArray(String[]::new));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FsPath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
