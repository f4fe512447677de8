package honk.actors.kernel;

/** What the kernel needs from the machine it runs on. Implemented by the QEMU virt board and the host board. */
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

    /** Ends the machine: a clean power-off for status 0, a failure otherwise. Does not return. */
    void powerOff(int status);
}
