package honk.actors.kernel;

/**
 * What the kernel needs from the machine it runs on. Implemented by the QEMU virt board and the
 * host board.
 */
public interface BoardPort {
    /** {@code virt} or {@code host}. */
    String name();

    /** Online harts (CPUs); the dispatchers' parallelism. */
    int harts();

    /** The hart the calling thread runs on now, or -1 when the board cannot tell. */
    int currentHart();

    /** Physical memory in bytes (total, available); -1 when unknown. */
    long ramTotalBytes();

    long ramAvailableBytes();

    /** The devices the board discovered, device tree first, then PCI; empty when it cannot tell. */
    default java.util.List<DeviceInfo> devices() {
        return java.util.List.of();
    }

    /**
     * Called once, when the shell prompt is up: the board starts the bring-up that the prompt need
     * not wait for (the virt board loads its kernel modules here), tracking each part in {@code
     * readiness}. Lines worth telling go to {@code log}. Must not block.
     */
    default void shellReady(java.util.function.Consumer<String> log, Readiness readiness) {}

    /**
     * How long the machine has been up, in milliseconds: the kernel's uptime where honk is PID 1,
     * else the JVM's.
     */
    default long upMillis() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Ends the machine: a clean power-off for status 0, a failure otherwise. Does not return. */
    void powerOff(int status);
}
