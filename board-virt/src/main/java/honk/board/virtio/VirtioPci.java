package honk.board.virtio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The modern virtio-pci transport (virtio v1.2 §4.1.4) over a device's BAR mapped into honk: the
 * common configuration (features, status, queue setup), the notify area, the ISR byte and the
 * device configuration, each at the offset its capability names. Every register access is here,
 * sized as the spec says (the device decodes the access width). Board-virt only in practice; the
 * segment may be any memory, so the register layout is testable.
 */
public final class VirtioPci implements VirtioTransport {
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    // virtio v1.2 §4.1.4.3, struct virtio_pci_common_cfg
    static final long DEVICE_FEATURE_SELECT = 0;
    static final long DEVICE_FEATURE = 4;
    static final long DRIVER_FEATURE_SELECT = 8;
    static final long DRIVER_FEATURE = 12;
    static final long CONFIG_MSIX_VECTOR = 16;
    static final long NUM_QUEUES = 18;
    static final long DEVICE_STATUS = 20;
    static final long QUEUE_SELECT = 22;
    static final long QUEUE_SIZE = 24;
    static final long QUEUE_MSIX_VECTOR = 26;
    static final long QUEUE_ENABLE = 28;
    static final long QUEUE_NOTIFY_OFF = 30;
    static final long QUEUE_DESC = 32;
    static final long QUEUE_DRIVER = 40;
    static final long QUEUE_DEVICE = 48;

    /** Device status bits (§2.1). */
    static final int ACKNOWLEDGE = 1;

    static final int DRIVER = 2;
    static final int DRIVER_OK = 4;
    static final int FEATURES_OK = 8;
    static final int NEEDS_RESET = 64;
    static final int FAILED = 128;

    /**
     * MSI-X "no vector": uio_pci_generic gives honk the legacy INTx line, signalled through the ISR
     * byte.
     */
    static final short NO_VECTOR = (short) 0xffff;

    /**
     * How many times a reset is polled for completion (QEMU completes it before the write returns).
     */
    private static final int RESET_POLLS = 1_000_000;

    private final MemorySegment common;
    private final MemorySegment notifyArea;
    private final int notifyMultiplier;
    private final MemorySegment isr;
    private final MemorySegment device;
    private final DmaArena arena;
    private final Runnable rearm;

    /**
     * @param bar the mapped BAR that holds every structure {@code caps} names (QEMU puts them all
     *     in BAR 4)
     * @param rearm re-enables the interrupt line (uio_pci_generic: unmask INTx in config space)
     */
    public VirtioPci(MemorySegment bar, VirtioCaps caps, DmaArena arena, Runnable rearm) {
        this.common = slice(bar, caps.common(), "common", 56);
        this.notifyArea = slice(bar, caps.notifications(), "notify", 2);
        this.notifyMultiplier = caps.notifyMultiplier();
        this.isr = slice(bar, caps.isr(), "ISR", 1);
        this.device =
                caps.device() == null ? MemorySegment.NULL : slice(bar, caps.device(), "device", 0);
        this.arena = arena;
        this.rearm = rearm;
    }

    private static MemorySegment slice(
            MemorySegment bar, VirtioCaps.Region r, String name, long atLeast) {
        if (r.length() < atLeast || r.offset() + r.length() > bar.byteSize()) {
            throw new VirtioDeviceException(
                    "the "
                            + name
                            + " structure ("
                            + r.length()
                            + " bytes at "
                            + r.offset()
                            + ") does not fit the "
                            + bar.byteSize()
                            + "-byte BAR "
                            + r.bar());
        }
        return bar.asSlice(r.offset(), r.length());
    }

    @Override
    public void reset() {
        common.set(U8, DEVICE_STATUS, (byte) 0);
        for (int i = 0; common.get(U8, DEVICE_STATUS) != 0; i++) {
            if (i == RESET_POLLS) {
                throw new VirtioDeviceException("the device did not finish its reset");
            }
            Thread.onSpinWait();
        }
        arena.reset();
        setStatus(ACKNOWLEDGE | DRIVER);
    }

    @Override
    public long negotiate(long wanted) {
        if ((wanted & F_VERSION_1) == 0) {
            throw new IllegalArgumentException("a modern driver must accept VIRTIO_F_VERSION_1");
        }
        long offered = featureWord(0) | (featureWord(1) << 32);
        if ((offered & F_VERSION_1) == 0) {
            throw new VirtioDeviceException(
                    "the device does not offer VIRTIO_F_VERSION_1 (a legacy device; "
                            + "give QEMU disable-legacy=on)");
        }
        long accepted = offered & wanted;
        common.set(U32, DRIVER_FEATURE_SELECT, 0);
        common.set(U32, DRIVER_FEATURE, (int) accepted);
        common.set(U32, DRIVER_FEATURE_SELECT, 1);
        common.set(U32, DRIVER_FEATURE, (int) (accepted >>> 32));
        setStatus(status() | FEATURES_OK);
        if ((status() & FEATURES_OK) == 0) {
            throw new VirtioDeviceException(
                    "the device refused features 0x" + Long.toHexString(accepted));
        }
        common.set(U16, CONFIG_MSIX_VECTOR, NO_VECTOR);
        return accepted;
    }

    private long featureWord(int select) {
        common.set(U32, DEVICE_FEATURE_SELECT, select);
        return common.get(U32, DEVICE_FEATURE) & 0xffffffffL;
    }

    @Override
    public Virtqueue queue(int index, int maxSize) {
        int queues = common.get(U16, NUM_QUEUES) & 0xffff;
        if (index >= queues) {
            throw new VirtioDeviceException(
                    "the device has " + queues + " queues; queue " + index + " asked");
        }
        common.set(U16, QUEUE_SELECT, (short) index);
        int deviceMax = common.get(U16, QUEUE_SIZE) & 0xffff;
        if (deviceMax == 0) {
            throw new VirtioDeviceException("queue " + index + " is not available (size 0)");
        }
        int size = Integer.highestOneBit(Math.min(deviceMax, maxSize));
        var q = new Virtqueue(index, size, arena.allocate(Virtqueue.bytesFor(size), 16));
        common.set(U16, QUEUE_SIZE, (short) size);
        common.set(U16, QUEUE_MSIX_VECTOR, NO_VECTOR);
        common.set(U64, QUEUE_DESC, q.descPhysical());
        common.set(U64, QUEUE_DRIVER, q.availPhysical());
        common.set(U64, QUEUE_DEVICE, q.usedPhysical());
        common.set(U16, QUEUE_ENABLE, (short) 1);
        return q;
    }

    @Override
    public void driverOk() {
        setStatus(status() | DRIVER_OK);
    }

    @Override
    public void notify(Virtqueue queue) {
        common.set(U16, QUEUE_SELECT, (short) queue.index());
        long off = (common.get(U16, QUEUE_NOTIFY_OFF) & 0xffffL) * notifyMultiplier;
        if (off + 2 > notifyArea.byteSize()) {
            throw new VirtioDeviceException(
                    "queue "
                            + queue.index()
                            + "'s notify offset "
                            + off
                            + " is past the notify area ("
                            + notifyArea.byteSize()
                            + " bytes)");
        }
        VarHandle.fullFence(); // the ring writes reach memory before the doorbell
        notifyArea.set(U16, off, (short) queue.index());
    }

    @Override
    public int acknowledgeInterrupt() {
        return isr.get(U8, 0) & 0xff;
    }

    @Override
    public boolean broken() {
        return (status() & (NEEDS_RESET | FAILED)) != 0;
    }

    @Override
    public MemorySegment deviceConfig() {
        return device;
    }

    @Override
    public DmaArena arena() {
        return arena;
    }

    @Override
    public void rearm() {
        rearm.run();
    }

    private int status() {
        return common.get(U8, DEVICE_STATUS) & 0xff;
    }

    private void setStatus(int s) {
        common.set(U8, DEVICE_STATUS, (byte) s);
    }
}
