package honk.wasm;

/**
 * A module honk refuses to run: malformed or invalid bytes, an import honk does not provide, no
 * {@code _start}, or more memory at start than its limit. The message is one line naming the
 * problem.
 */
public final class BadModuleException extends IllegalArgumentException {
    public BadModuleException(String message) {
        super(message);
    }
}
