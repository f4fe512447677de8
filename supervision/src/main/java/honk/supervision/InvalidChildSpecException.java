package honk.supervision;

/**
 * A child spec or supervisor spec that cannot work; the message names the child and the problem.
 */
public final class InvalidChildSpecException extends IllegalArgumentException {
    public InvalidChildSpecException(String message) {
        super(message);
    }
}
