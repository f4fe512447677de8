package honk.board.virtio;

import java.lang.foreign.MemorySegment;

/**
 * What a virtio driver actor needs of its device (virtio v1.2 §3.1, device initialization): the
 * modern PCI transport over uio on the board ({@link VirtioPci}), a fake that plays the device in
 * tests. Called only from the driver actor that owns the device.
 */
public interface VirtioTransport {
    /** VIRTIO_F_VERSION_1 (§6): honk drives modern devices only. */
    long F_VERSION_1 = 1L << 32;

    /** Resets the device, then sets ACKNOWLEDGE and DRIVER; the device forgets every queue. */
    void reset();

    /**
     * Accepts the device's features masked by {@code wanted} (which must include VERSION_1), sets
     * FEATURES_OK and checks the device kept it. Returns the accepted features.
     */
    long negotiate(long wanted);

    /**
     * Sets up queue {@code index} with up to {@code maxSize} entries, its rings from {@link
     * #arena()}.
     */
    Virtqueue queue(int index, int maxSize);

    /** Sets DRIVER_OK: the device may now use the queues. */
    void driverOk();

    /** Tells the device that {@code queue} has new buffers. */
    void notify(Virtqueue queue);

    /**
     * Reads (and so clears) the ISR status after an interrupt; bit 0 queue, bit 1 config change.
     */
    int acknowledgeInterrupt();

    /** True when the device has set NEEDS_RESET or FAILED. */
    boolean broken();

    /**
     * The device-specific configuration (§4.1.4.6), or an empty segment when the device has none.
     */
    MemorySegment deviceConfig();

    /**
     * The device's memory for rings and buffers (cleared with {@link DmaArena#reset()} after a
     * reset).
     */
    DmaArena arena();

    /** Arms the interrupt again once the driver has handled one (uio_pci_generic: unmask INTx). */
    void rearm();
}
