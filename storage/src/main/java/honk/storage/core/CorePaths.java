package honk.storage.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules for a path in a core image, checked by the writer for every file and by the reader for
 * every manifest entry: relative and '/'-separated, with no empty, "." or ".." segment, no control
 * character, valid UTF-8, and no file that is also another file's directory. The file table is
 * sorted by the paths' UTF-8 bytes compared unsigned, so the order does not depend on the language
 * that wrote it. Pure Java.
 */
final class CorePaths {
    /**
     * Bytes in one segment: Linux's NAME_MAX, so any core file can be copied out to a Linux
     * filesystem.
     */
    static final int MAX_SEGMENT_BYTES = 255;

    /** Bytes in a whole path: keeps one manifest entry, and so the manifest, bounded. */
    static final int MAX_PATH_BYTES = 1024;

    private CorePaths() {}

    /**
     * The path's UTF-8 bytes, once it is checked; an {@link InvalidPathException} says what is
     * wrong.
     */
    static byte[] encode(String path) {
        byte[] utf8;
        try {
            ByteBuffer b =
                    StandardCharsets.UTF_8
                            .newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .encode(CharBuffer.wrap(path));
            utf8 = Arrays.copyOf(b.array(), b.limit());
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(
                    path, "not valid Unicode (a lone surrogate?), so it has no UTF-8 form");
        }
        check(path, utf8);
        return utf8;
    }

    /** The path in {@code utf8}, checked; an {@link InvalidPathException} says what is wrong. */
    static String decode(byte[] utf8) {
        String path;
        try {
            path =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(utf8))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(
                    new String(utf8, StandardCharsets.UTF_8), "not valid UTF-8");
        }
        check(path, utf8);
        return path;
    }

    private static void check(String path, byte[] utf8) {
        if (path.isEmpty()) {
            throw new InvalidPathException(path, "empty path");
        }
        if (utf8.length > MAX_PATH_BYTES) {
            throw new InvalidPathException(
                    path, utf8.length + " bytes of UTF-8, over the limit of " + MAX_PATH_BYTES);
        }
        if (path.startsWith("/")) {
            throw new InvalidPathException(
                    path,
                    "absolute; core paths are relative to the image's root (drop the leading '/')");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidPathException(
                        path, String.format("control character U+%04X at index %d", (int) c, i));
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidPathException(path, "empty segment (a doubled or trailing '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidPathException(
                        path, "'" + segment + "' segment; name each file by its plain path");
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                throw new InvalidPathException(
                        path,
                        "a segment of " + bytes + " bytes, over the limit of " + MAX_SEGMENT_BYTES);
            }
        }
    }

    /** Throws if a path is also the directory of another (say {@code bin} and {@code bin/sh}). */
    static void checkNoFileIsADirectory(Collection<String> paths) {
        Set<String> all = new HashSet<>(paths);
        for (String path : paths) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String dir = path.substring(0, slash);
                if (all.contains(dir)) {
                    throw new InvalidPathException(
                            path,
                            "'" + dir + "' is a file, so it cannot also be this file's directory");
                }
            }
        }
    }

    /** The file table's order: UTF-8 bytes compared unsigned. */
    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
