package honk.actors;

/** A process asked for a capability it was not granted. */
public final class CapabilityDeniedException extends RuntimeException {
    public CapabilityDeniedException(String message) {
        super(message);
    }
}
