package honk.wasm.wasi;

/** Thrown by {@code proc_exit} to unwind the module: its code is the process's exit status. */
public final class WasiExit extends RuntimeException {
    private final int code;

    public WasiExit(int code) {
        super("exit code " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
