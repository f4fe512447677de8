package honk.board.host;

import honk.board.linux.LinuxBoard;

/**
 * The host board: the same kernel on a developer's JVM. Harts are the JVM's available processors;
 * the hart a thread runs on comes from {@code sched_getcpu} when the host is Linux.
 */
public final class HostBoard extends LinuxBoard {
    private final int harts = Runtime.getRuntime().availableProcessors();

    @Override
    public String name() {
        return "host";
    }

    @Override
    public int harts() {
        return harts;
    }

    @Override
    public void powerOff(int status) {
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }
}
