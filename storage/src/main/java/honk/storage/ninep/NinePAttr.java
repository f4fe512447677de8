package honk.storage.ninep;

/**
 * What Rgetattr says of a file (the fields honk uses).
 *
 * @param mode the Linux st_mode: file type and permission bits
 * @param mtimeSec the last modification, in seconds since the epoch
 */
public record NinePAttr(Qid qid, int mode, int uid, int gid, long nlink, long size, long mtimeSec) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }
}
