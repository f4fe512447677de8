package honk.board.host;

import honk.actors.kernel.BoardPort;
import honk.board.linux.Linux;
import honk.board.linux.ProcFiles;

/**
 * The host board: the same kernel on a developer's JVM. Harts are the JVM's available processors;
 * the hart a thread runs on comes from {@code sched_getcpu} when the host is Linux.
 */
public final class HostBoard implements BoardPort {
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
    public int currentHart() {
        return Linux.isAvailable() ? Linux.schedGetcpu() : -1;
    }

    @Override
    public long ramTotalBytes() {
        return ProcFiles.meminfo("MemTotal");
    }

    @Override
    public long ramAvailableBytes() {
        return ProcFiles.meminfo("MemAvailable");
    }

    @Override
    public void powerOff(int status) {
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }
}
