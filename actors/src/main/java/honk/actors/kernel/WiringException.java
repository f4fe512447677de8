package honk.actors.kernel;

/**
 * The list of services cannot work as ordered: a service needs an entry that neither the board nor
 * a service before it provides, uses one that only a later service provides, reads or provides one
 * it did not declare. The message names the service and the entry. The boot is refused.
 */
public final class WiringException extends IllegalStateException {
    public WiringException(String message) {
        super(message);
    }
}
