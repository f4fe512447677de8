package honk.board.host;

import honk.board.ShareBoard;
import honk.board.block.BlockBoard;
import honk.board.block.BlockDeviceInfo;
import honk.board.block.BlockScan;
import honk.board.linux.LinuxBoard;
import honk.storage.fs.HostLayer;
import honk.storage.ninep.NinePShare;

import java.nio.file.Files;
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
    private final Optional<Share> share;

    /**
     * The directory given with {@code --share=DIR}: served over 9P by diod ({@link DiodShare}), or,
     * where diod is not installed, read directly ({@link DirectoryMount}); exactly one is present.
     */
    public record Share(Optional<NinePShare> ninep, Optional<HostLayer> direct) {}

    /** The share of {@code dir}; an {@link IllegalArgumentException} says why there can be none. */
    public static Share share(Path dir) {
        return share(dir, DiodShare.find());
    }

    /** The share of {@code dir}, served by the diod at {@code diod} if there is one. */
    static Share share(Path dir, Optional<Path> diod) {
        if (diod.isPresent()) {
            return new Share(Optional.of(DiodShare.of(dir, diod.get())), Optional.empty());
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    dir + " is not a directory (give --share the directory to share)");
        }
        return new Share(Optional.empty(), Optional.of(new HostLayer(DirectoryMount.create(dir))));
    }

    /** A board without block devices. */
    public HostBoard() {
        this(List.of());
    }

    public HostBoard(List<Path> diskFiles) {
        this(diskFiles, Optional.empty());
    }

    /**
     * A board whose block devices are {@code diskFiles}, the first primary. Throws {@link
     * IllegalArgumentException} naming a file that is missing, too small or not writable, with how
     * to make one.
     */
    public HostBoard(List<Path> diskFiles, Optional<Share> share) {
        this.disks = BlockScan.files(diskFiles);
        this.share = share;
    }

    /** The directory given with {@code --share=DIR}, when diod serves it. */
    @Override
    public Optional<NinePShare> hostShare() {
        return share.flatMap(Share::ninep);
    }

    /** The directory given with {@code --share=DIR}, when it is read directly (no diod). */
    @Override
    public Optional<HostLayer> hostLayer() {
        return share.flatMap(Share::direct);
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
