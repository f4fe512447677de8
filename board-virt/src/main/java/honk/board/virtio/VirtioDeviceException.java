package honk.board.virtio;

/**
 * A virtio device broke its side of the protocol (an out-of-range used-ring entry, a reply longer
 * than its buffer, a status with NEEDS_RESET) or could not be set up. Thrown from a driver actor,
 * it crashes the actor; the supervisor restarts it, which resets the device.
 */
public final class VirtioDeviceException extends RuntimeException {
    public VirtioDeviceException(String message) {
        super(message);
    }

    public VirtioDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
