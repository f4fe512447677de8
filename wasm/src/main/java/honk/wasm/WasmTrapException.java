package honk.wasm;

/**
 * A module trapped (unreachable, a division by zero, an access outside its memory, a call stack too
 * deep), in its start function or in {@code _start}.
 */
public final class WasmTrapException extends RuntimeException {
    public WasmTrapException(String message) {
        super(message);
    }
}
