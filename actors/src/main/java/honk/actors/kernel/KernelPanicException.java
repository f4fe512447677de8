package honk.actors.kernel;

/**
 * The kernel's guardian gave up: a system subtree escalated past its intensity, or a panic was
 * requested.
 */
public final class KernelPanicException extends RuntimeException {
    public KernelPanicException(String message, Throwable cause) {
        super(message, cause);
    }
}
