package honk.board.host;

import honk.board.block.BlockBoard;
import honk.board.block.BlockDeviceInfo;
import honk.board.block.BlockScan;
import honk.board.ShareBoard;
import honk.board.linux.LinuxBoard;
import honk.storage.ninep.NinePShare;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The host board: the same kernel on a developer's JVM. Harts are the JVM's available processors;
 * the hart a thread runs on comes from {@code sched_getcpu} when the host is Linux. Its block
 * devices are the disk-image files it is given ({@code --disk=FILE}), never the host's own disks;
 * its host share is the directory given with {@code --share=DIR}.
 */
public final class HostBoard extends LinuxBoard implements BlockBoard, ShareBoard {
    private final int harts = Runtime.getRuntime().availableProcessors();
    private final List<BlockDeviceInfo> disks;
    private final Optional<NinePShare> share;

    /** A board without block devices. */
    public HostBoard() {
        this(List.of());
    }

    public HostBoard(List<Path> diskFiles) {
        this(diskFiles, Optional.empty());
    }

    /**
     * A board whose block devices are {@code diskFiles}, the first primary. Throws
     * {@link IllegalArgumentException} naming a file that is missing, too small or not writable,
     * with how to make one.
     */
    public HostBoard(List<Path> diskFiles, Optional<NinePShare> share) {
        this.disks = BlockScan.files(diskFiles);
        this.share = share;
    }

    /** The directory given with {@code --share=DIR}, served by diod ({@link DiodShare}). */
    @Override
    public Optional<NinePShare> hostShare() {
        return share;
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
