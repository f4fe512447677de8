package honk.wasm;

/** A module ran past the wall-clock budget it was given ({@code wasm --time=}); honk stopped it. */
public final class WasmBudgetException extends RuntimeException {
    public WasmBudgetException(String message) {
        super(message);
    }
}
