package honk.storage.ninep;

import honk.storage.fs.FsError;
import honk.storage.fs.FsPath;

/**
 * The Linux errno values an Rlerror carries (asm-generic/errno-base.h and errno.h, the numbers
 * every Linux architecture honk runs on shares), their names, and the file tree's error for each.
 * An errno the tree has no class for becomes {@link FsError.Io} naming it. Pure Java.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int EOPNOTSUPP = 95;

    private Errno() {}

    /** "ENOENT (no such file or directory)", or "errno 123" for one honk does not name. */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (operation not permitted)";
            case ENOENT -> "ENOENT (no such file or directory)";
            case EIO -> "EIO (input/output error)";
            case EBADF -> "EBADF (bad file descriptor)";
            case EACCES -> "EACCES (permission denied)";
            case EEXIST -> "EEXIST (file exists)";
            case EXDEV -> "EXDEV (cross-device link)";
            case ENOTDIR -> "ENOTDIR (not a directory)";
            case EISDIR -> "EISDIR (is a directory)";
            case EINVAL -> "EINVAL (invalid argument)";
            case EFBIG -> "EFBIG (file too large)";
            case ENOSPC -> "ENOSPC (no space left on device)";
            case EROFS -> "EROFS (read-only file system)";
            case ENAMETOOLONG -> "ENAMETOOLONG (file name too long)";
            case ENOTEMPTY -> "ENOTEMPTY (directory not empty)";
            case ELOOP -> "ELOOP (too many levels of symbolic links)";
            case EOPNOTSUPP -> "EOPNOTSUPP (operation not supported)";
            default -> "errno " + Integer.toUnsignedString(errno);
        };
    }

    /**
     * The file tree's error for {@code errno} met at {@code path}; {@code layer} names the share in
     * messages.
     */
    public static FsError toFsError(int errno, FsPath path, String layer) {
        return switch (errno) {
            case ENOENT -> new FsError.NotFound(path);
            case ENOTDIR -> new FsError.NotADirectory(path);
            case EISDIR -> new FsError.IsADirectory(path);
            case EEXIST -> new FsError.Exists(path);
            case ENOTEMPTY -> new FsError.NotEmpty(path);
            case EPERM, EACCES ->
                    new FsError.PermissionDenied(
                            path,
                            "the "
                                    + layer
                                    + " share's server refused access to "
                                    + path
                                    + " ("
                                    + describe(errno)
                                    + ")");
            case EROFS -> new FsError.ReadOnly(path, "is on a read-only " + layer + " share");
            case EINVAL, ENAMETOOLONG, EFBIG ->
                    new FsError.InvalidArgument(path + ": " + describe(errno));
            default ->
                    new FsError.Io(
                            "the " + layer + " share failed on " + path + ": " + describe(errno));
        };
    }
}
