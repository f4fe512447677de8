package honk.board.host;

import honk.board.ShareBoard;
import honk.board.block.BlockBoard;
import honk.board.block.BlockDeviceInfo;
import honk.board.block.BlockKind;
import honk.board.block.BlockScan;
import honk.board.linux.LinuxBlockDevice;
import honk.board.linux.LinuxBoard;
import honk.storage.block.BlockPort;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.fs.HostLayer;
import honk.storage.ninep.NinePShare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The host board: the same kernel on a developer's JVM. Harts are the JVM's available processors;
 * the hart a thread runs on comes from {@code sched_getcpu} when the host is Linux. Its block
 * devices are the disk-image files it is given ({@code --disk=FILE}), never the host's own disks;
 * its host share is the directory given with {@code --share=DIR}. Each disk file is locked ({@link
 * DiskLock}) for as long as the process lives, so a second honk never writes the same disk. An
 * ephemeral board ({@code --ephemeral}) has one disk in memory instead, gone at exit.
 */
public final class HostBoard extends LinuxBoard implements BlockBoard, ShareBoard {
    private final int harts = Runtime.getRuntime().availableProcessors();

    /** The size of the in-memory disk of an ephemeral board. */
    public static final long EPHEMERAL_BYTES = 64L << 20;

    private final List<BlockDeviceInfo> disks;
    private final Optional<Share> share;
    private final Optional<MemoryBlockDevice> memory;
    private final List<DiskLock> locks = new ArrayList<>();

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
        this.memory = Optional.empty();
        try {
            for (Path f : diskFiles) {
                locks.add(DiskLock.acquire(f));
            }
        } catch (IllegalArgumentException e) {
            releaseLocks();
            throw e;
        }
    }

    private HostBoard(MemoryBlockDevice disk, Optional<Share> share) {
        this.memory = Optional.of(disk);
        this.share = share;
        this.disks =
                List.of(
                        new BlockDeviceInfo(
                                "memory",
                                BlockKind.MEMORY,
                                Path.of("(memory)"),
                                disk.blockCount() * disk.blockSize(),
                                disk.blockSize(),
                                true));
    }

    /**
     * A board whose one disk is {@code bytes} of memory: fresh at boot, gone at exit, locked by
     * nobody.
     */
    public static HostBoard ephemeral(long bytes, Optional<Share> share) {
        int bs = LinuxBlockDevice.FILE_BLOCK_SIZE;
        return new HostBoard(new MemoryBlockDevice(bs, Math.toIntExact(bytes / bs)), share);
    }

    /** The in-memory disk, handed to storage once; otherwise the primary disk file. */
    @Override
    public CompletionStage<BlockPort> openPrimary() {
        if (memory.isPresent()) {
            return CompletableFuture.completedFuture(memory.get());
        }
        return BlockBoard.super.openPrimary();
    }

    /** Releases the disks' locks (a board made in a test; the process's end does it otherwise). */
    public void releaseLocks() {
        locks.forEach(DiskLock::close);
        locks.clear();
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
