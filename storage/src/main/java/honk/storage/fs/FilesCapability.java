package honk.storage.fs;

import honk.actors.Capability;

import java.nio.file.InvalidPathException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code files} capability: a process's view of the file tree, scoped to one directory of the
 * union and read-only or read-write. Minted only by the kernel's capability catalog, by name:
 * {@code files} (the whole tree, read-write), {@code files:ro}, {@code files:/home} and {@code
 * files:/home:ro}, as {@code run --caps=} takes them and {@code ps} shows them. A process without
 * one cannot reach the filesystem at all.
 *
 * <p>Paths are from the root of the union, as {@link FsPath} parses them. A path outside the scope,
 * and any write or delete through a read-only handle, is refused with {@link
 * FsError.PermissionDenied} before the VFS sees it; a malformed path with {@link
 * FsError.InvalidPath}. Every answer is a typed reply: nothing throws. Thread-safe.
 */
public final class FilesCapability implements Capability {
    public static final String KIND = "files";

    /** The form of a name, for the catalog's errors. */
    public static final String SYNOPSIS = "files[:/PATH][:ro]";

    private final String name;
    private final FsPath scope;
    private final boolean writable;
    private final FsService fs;

    private FilesCapability(String name, FsPath scope, boolean writable, FsService fs) {
        this.name = name;
        this.scope = scope;
        this.writable = writable;
        this.fs = fs;
    }

    /**
     * The handle a name stands for; an {@link IllegalArgumentException} says what is wrong with the
     * name.
     */
    static FilesCapability mint(String name, FsService fs) {
        String rest =
                name.equals(KIND)
                        ? ""
                        : name.startsWith(KIND + ":") ? name.substring(KIND.length() + 1) : null;
        if (rest == null) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a files capability (form: " + SYNOPSIS + ")");
        }
        boolean writable = true;
        for (String mode : new String[] {"ro", "rw"}) {
            if (rest.equals(mode) || rest.endsWith(":" + mode)) {
                writable = mode.equals("rw");
                rest = rest.substring(0, Math.max(0, rest.length() - mode.length() - 1));
                break;
            }
        }
        FsPath scope = FsPath.ROOT;
        if (!rest.isEmpty()) {
            if (!rest.startsWith("/")) {
                throw new IllegalArgumentException(
                        "files capability '"
                                + name
                                + "': '"
                                + rest
                                + "' is neither a scope from / nor ro/rw (form: "
                                + SYNOPSIS
                                + ")");
            }
            try {
                scope = FsPath.parse(rest);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(
                        "files capability '"
                                + name
                                + "': bad scope '"
                                + rest
                                + "': "
                                + e.getReason());
            }
        }
        return new FilesCapability(name, scope, writable, fs);
    }

    /** The name it was granted under, e.g. {@code files:/home:ro}. */
    @Override
    public String name() {
        return name;
    }

    /** The directory this handle reaches (and everything below it). */
    public FsPath scope() {
        return scope;
    }

    public boolean writable() {
        return writable;
    }

    /**
     * A handle for a part of this one, to hand on: {@code subScope} must lie within this scope, and
     * a read-only handle never yields a writable one.
     */
    public FilesCapability narrow(String subScope, boolean readOnly) {
        FsPath sub = FsPath.parse(subScope);
        if (!sub.isWithin(scope)) {
            throw new IllegalArgumentException(
                    sub + " is outside this capability's scope " + scope);
        }
        boolean w = writable && !readOnly;
        return new FilesCapability(
                KIND + (sub.isRoot() ? "" : ":" + sub) + (w ? "" : ":ro"), sub, w, fs);
    }

    public CompletionStage<FsProtocol.StatReply> stat(String path) {
        return within(path, false, fs::stat);
    }

    public CompletionStage<FsProtocol.ReadDirReply> list(String path) {
        return within(path, false, fs::list);
    }

    public CompletionStage<FsProtocol.ReadReply> read(String path) {
        return read(path, 0, FsProtocol.Read.WHOLE);
    }

    public CompletionStage<FsProtocol.ReadReply> read(String path, long offset, int length) {
        return within(path, false, p -> fs.read(p, offset, length));
    }

    public CompletionStage<FsProtocol.ChangeReply> write(String path, byte[] data) {
        byte[] copy = data.clone();
        return within(path, true, p -> fs.write(p, copy));
    }

    public CompletionStage<FsProtocol.ChangeReply> delete(String path) {
        return within(path, true, fs::delete);
    }

    /** Runs {@code op} on the path if this handle covers it; otherwise answers with the refusal. */
    @SuppressWarnings("unchecked")
    private <R extends FsProtocol.Reply> CompletionStage<R> within(
            String text, boolean change, Function<FsPath, CompletionStage<R>> op) {
        FsPath path;
        try {
            path = FsPath.parse(text);
        } catch (InvalidPathException e) {
            return refuse(new FsError.InvalidPath(e.getInput(), e.getReason()));
        }
        if (!path.isWithin(scope)) {
            return refuse(
                    new FsError.PermissionDenied(
                            path,
                            path
                                    + " is outside this capability's scope "
                                    + scope
                                    + " ("
                                    + name
                                    + ")"));
        }
        if (change && !writable) {
            return refuse(
                    new FsError.PermissionDenied(
                            path,
                            "this files capability is read-only ("
                                    + name
                                    + "); "
                                    + path
                                    + " cannot be changed"));
        }
        return op.apply(path);
    }

    @SuppressWarnings("unchecked")
    private static <R extends FsProtocol.Reply> CompletionStage<R> refuse(FsError error) {
        return CompletableFuture.completedFuture((R) new FsProtocol.Failed(error));
    }

    @Override
    public String toString() {
        return name;
    }
}
