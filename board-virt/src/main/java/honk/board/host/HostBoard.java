package honk.board.host;

import honk.board.block.BlockBoard;
import honk.board.block.BlockDeviceInfo;
import honk.board.block.BlockScan;
import honk.board.linux.LinuxBoard;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The host board: the same kernel on a developer's JVM. Harts are the JVM's available processors;
 * the hart a thread runs on comes from {@code sched_getcpu} when the host is Linux. Its block
 * devices are the disk-image files it is given ({@code --disk=FILE}), never the host's own disks.
 */
public final class HostBoard extends LinuxBoard implements BlockBoard {
    private final int harts = Runtime.getRuntime().availableProcessors();
    private final List<BlockDeviceInfo> disks;

    /** A board without block devices. */
    public HostBoard() {
        this(List.of());
    }

    /**
     * A board whose block devices are {@code diskFiles}, the first primary. Throws
     * {@link IllegalArgumentException} naming a file that is missing, too small or not writable,
     * with how to make one.
     */
    public HostBoard(List<Path> diskFiles) {
        this.disks = BlockScan.files(diskFiles);
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public int harts() {
        return harts;
    }

    @Override
    public CompletionStage<List<BlockDeviceInfo>> blockDevices() {
        return CompletableFuture.completedFuture(disks);
    }

    @Override
    public void powerOff(int status) {
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }
}
