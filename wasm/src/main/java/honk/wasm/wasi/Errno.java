package honk.wasm.wasi;

/**
 * WASI preview 1 error numbers (wasi_snapshot_preview1 {@code errno}, witx order), the ones honk's
 * host functions answer with. Values are the spec's; a C program sees them as {@code errno}.
 */
public final class Errno {
    public static final int SUCCESS = 0;
    public static final int ACCES = 2;
    public static final int BADF = 8;
    public static final int EXIST = 20;
    public static final int FAULT = 21;
    public static final int INVAL = 28;
    public static final int IO = 29;
    public static final int ISDIR = 31;
    public static final int NOENT = 44;
    public static final int NOSYS = 52;
    public static final int NOTDIR = 54;
    public static final int NOTEMPTY = 55;
    public static final int NOTSUP = 58;
    public static final int SPIPE = 70;
    public static final int NOTCAPABLE = 76;

    private Errno() {}
}
