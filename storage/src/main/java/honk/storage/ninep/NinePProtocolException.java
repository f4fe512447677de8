package honk.storage.ninep;

/**
 * A reply that breaks 9P2000.L: short, a size field that disagrees with its length, a field past
 * its end, a wrong tag, an unexpected or unknown type, a count larger than was asked for, bytes
 * left over. The client refuses it and the message names what was wrong.
 */
public final class NinePProtocolException extends NinePException {
    public NinePProtocolException(String message) {
        super("9P: " + message);
    }
}
