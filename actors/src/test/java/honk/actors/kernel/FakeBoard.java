package honk.actors.kernel;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link BoardPort} for tests: a fixed number of harts, fixed RAM figures, and a power switch
 * that records the status instead of ending the JVM. Published in actors' test jar so that every
 * module's tests can boot the whole tree on it; never in the boot image. Pure Java; thread-safe.
 *
 * <p>The hart a thread "runs on" is its thread id modulo the hart count: stable for a thread, and
 * spread over the harts by the dispatcher's consecutively numbered threads, which is what {@code
 * stress} and {@code harts} need to see.
 */
public final class FakeBoard implements BoardPort {
    /** 512 MiB: the RAM of the smallest QEMU virt machine honk boots on. */
    public static final long DEFAULT_RAM_TOTAL = 512L << 20;

    /** 384 MiB: what such a machine has left once the image is loaded. */
    public static final long DEFAULT_RAM_AVAILABLE = 384L << 20;

    private final int harts;
    private final long ramTotal;
    private final long ramAvailable;
    private final CompletableFuture<Integer> poweredOff = new CompletableFuture<>();

    /** A board with {@code harts} harts and the default RAM figures. */
    public FakeBoard(int harts) {
        this(harts, DEFAULT_RAM_TOTAL, DEFAULT_RAM_AVAILABLE);
    }

    public FakeBoard(int harts, long ramTotalBytes, long ramAvailableBytes) {
        if (harts < 1) {
            throw new IllegalArgumentException("a board needs at least one hart, got " + harts);
        }
        if (ramAvailableBytes > ramTotalBytes) {
            throw new IllegalArgumentException(
                    "available RAM " + ramAvailableBytes + " exceeds total " + ramTotalBytes);
        }
        this.harts = harts;
        this.ramTotal = ramTotalBytes;
        this.ramAvailable = ramAvailableBytes;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public int harts() {
        return harts;
    }

    @Override
    public int currentHart() {
        return (int) Math.floorMod(Thread.currentThread().threadId(), (long) harts);
    }

    @Override
    public long ramTotalBytes() {
        return ramTotal;
    }

    @Override
    public long ramAvailableBytes() {
        return ramAvailable;
    }

    /**
     * Two devices of a QEMU virt board: its UART on the device tree and its pvpanic device on PCI.
     */
    @Override
    public java.util.List<DeviceInfo> devices() {
        return java.util.List.of(
                new DeviceInfo("dt", "10000000", "serial", "ns16550a", "serial8250"),
                new DeviceInfo("pci", "0000:00:01.0", "pvpanic", "1b36:0011", ""));
    }

    /** Records {@code status} (the first call wins) and returns, unlike a real board. */
    @Override
    public void powerOff(int status) {
        poweredOff.complete(status);
    }

    /** Completes with the status of the first {@link #powerOff} call. */
    public CompletableFuture<Integer> poweredOff() {
        return poweredOff;
    }
}
