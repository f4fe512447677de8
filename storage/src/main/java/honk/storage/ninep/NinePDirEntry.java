package honk.storage.ninep;

/**
 * One entry of an Rreaddir: the file's qid, the offset to continue the listing from, its {@code
 * d_type} (Linux DT_DIR = 4, DT_REG = 8, DT_LNK = 10) and its name.
 */
public record NinePDirEntry(Qid qid, long offset, int type, String name) {
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;

    public boolean isDirectory() {
        return type == DT_DIR || (type == 0 && qid.isDirectory());
    }
}
