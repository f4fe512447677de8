package honk.storage.block;

import java.io.IOException;

/**
 * Thrown by a {@link FaultyBlockDevice} once its power is cut: nothing reaches it until it is
 * power-cycled.
 */
public final class PowerLossException extends IOException {
    public PowerLossException(String message) {
        super(message);
    }
}
