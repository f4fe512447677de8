package honk.wasm;

import honk.actors.ProgramExit;

/**
 * A module ended with a non-zero exit code (from {@code proc_exit}): its process crashed with that
 * status, so {@code on-failure} restarts it.
 */
public final class WasmExitException extends RuntimeException implements ProgramExit {
    private final int code;

    public WasmExitException(int code) {
        super("exit code " + code);
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
