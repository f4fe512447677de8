package honk.supervision;

/**
 * Thrown by a supervisor whose children restarted more often than its intensity allows: the
 * supervisor stops and the failure escalates to its own parent (OTP's {@code shutdown}).
 */
public final class SupervisorGaveUpException extends RuntimeException {
    public SupervisorGaveUpException(String message, Throwable lastCause) {
        super(message, lastCause);
    }
}
