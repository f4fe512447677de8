package honk.storage.fs;

/**
 * Why a file operation was refused: the failure classes of a file tree, each with a one-line {@link
 * #message()} that the shell prints after the command's name. They map one to one onto POSIX errors
 * (ENOENT, ENOTDIR, EISDIR, EEXIST, ENOTEMPTY, EROFS, EACCES, EINVAL, EIO, ENODEV) for callers that
 * need numbers, such as a WASI host.
 */
public sealed interface FsError {
    String message();

    /** Nothing at {@code path} in the layer (or, from the VFS root, in any layer). */
    record NotFound(FsPath path) implements FsError {
        public String message() {
            return "no such file or directory: " + path;
        }
    }

    /** {@code path} is a file, but something was looked for below it. */
    record NotADirectory(FsPath path) implements FsError {
        public String message() {
            return path + " is a file, not a directory";
        }
    }

    /** A file operation named a directory. */
    record IsADirectory(FsPath path) implements FsError {
        public String message() {
            return path + " is a directory";
        }
    }

    /**
     * Something is at {@code path} already, and the operation makes a new one (mkdir, an exclusive
     * create).
     */
    record Exists(FsPath path) implements FsError {
        public String message() {
            return path + " exists already";
        }
    }

    /** A directory that still holds names cannot be removed. */
    record NotEmpty(FsPath path) implements FsError {
        public String message() {
            return "directory " + path + " is not empty";
        }
    }

    /** The layer holding {@code path} cannot be changed; {@code why} says which and what to do. */
    record ReadOnly(FsPath path, String why) implements FsError {
        public String message() {
            return path + " " + why;
        }
    }

    /**
     * The caller's files capability does not cover this ({@code why}: read-only, outside its
     * scope).
     */
    record PermissionDenied(FsPath path, String why) implements FsError {
        public String message() {
            return "permission denied: " + why;
        }
    }

    /** The path text breaks a rule of {@link FsPath}. */
    record InvalidPath(String path, String why) implements FsError {
        public String message() {
            return "bad path '" + path + "': " + why;
        }
    }

    /** An argument other than the path is out of range (an offset, a length, a size). */
    record InvalidArgument(String why) implements FsError {
        public String message() {
            return why;
        }
    }

    /**
     * The layer cannot serve at all: its backing store is absent or failed verification (no block
     * device, no trusted core image). The VFS root skips such a layer on reads, so the others still
     * serve; nothing from a core that failed to verify is ever returned.
     *
     * @param configured whether the board set the layer up and it is down (a device that failed, a
     *     share that cannot be reached, a core that fails verification), rather than never set it
     *     up (no block device, no {@code --share}, no core): a listing of the union names the first
     *     kind as not listed, and says nothing of the second
     */
    record Unavailable(String layer, String reason, boolean configured) implements FsError {
        /** A layer the board set up, which is down. */
        public Unavailable(String layer, String reason) {
            this(layer, reason, true);
        }

        /** A layer this board does not have. */
        public static Unavailable notConfigured(String layer, String reason) {
            return new Unavailable(layer, reason, false);
        }

        public String message() {
            return reason;
        }
    }

    /**
     * The backing store failed this request (a device error, a chunk that fails its hash, a full
     * store, a crash).
     */
    record Io(String reason) implements FsError {
        public String message() {
            return reason;
        }
    }
}
