package honk.storage.ninep;

/**
 * The server's identity of a file: its type bits ({@link #QTDIR}, ...), a version that changes with
 * the file, and a path number unique within the export.
 */
public record Qid(int type, int version, long path) {
    public static final int QTDIR = 0x80;
    public static final int QTSYMLINK = 0x02;

    public boolean isDirectory() {
        return (type & QTDIR) != 0;
    }
}
