package honk.board.block;

import honk.board.linux.LinuxBlockDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds block devices. On the virt board: the disks in sysfs ({@code /sys/block}), NVMe namespaces
 * ({@code nvme0n1}) first and virtio-blk disks ({@code vda}) after them, sizes from {@code size}
 * (in 512-byte sectors) and {@code queue/logical_block_size}, nodes in devtmpfs. On the host board:
 * the disk-image files named on the command line, checked so that a wrong one is refused at boot
 * with what to do instead. Plain file reads; the roots are parameters so that tests scan a fake
 * sysfs. Unreadable entries are skipped, never fatal.
 */
public final class BlockScan {
    /** How long {@link #settle} waits for the disks of the controllers on PCI to appear. */
    public static final Duration SETTLE = Duration.ofSeconds(15);

    /**
     * sysfs gives a disk's size in 512-byte sectors whatever its block size (linux/blk_types.h
     * SECTOR_SHIFT).
     */
    private static final long SECTOR = 512;

    /**
     * nvme{controller}n{namespace}; multipath's per-path nvme0c0n1 nodes are hidden, not disks to
     * open.
     */
    private static final Pattern NVME = Pattern.compile("nvme[0-9]+n[0-9]+");

    private static final Pattern VIRTIO_BLK = Pattern.compile("vd[a-z]+");

    /** PCI class of an NVMe controller: mass storage, non-volatile memory, NVM Express. */
    private static final String NVME_CLASS = "0x010802";

    /** virtio-blk on PCI: transitional (QEMU's default) and modern (0x1040 + type 2). */
    private static final Set<String> VIRTIO_BLK_PCI = Set.of("0x1af4:0x1001", "0x1af4:0x1042");

    private BlockScan() {}

    /**
     * The NVMe and virtio-blk disks in {@code sys/block}, primary first; {@code dev} holds their
     * nodes.
     */
    public static List<BlockDeviceInfo> scan(Path sys, Path dev) {
        var found = new ArrayList<BlockDeviceInfo>();
        for (Path disk : children(sys.resolve("block"))) {
            String name = disk.getFileName().toString();
            BlockKind kind =
                    NVME.matcher(name).matches()
                            ? BlockKind.NVME
                            : VIRTIO_BLK.matcher(name).matches() ? BlockKind.VIRTIO_BLK : null;
            long sectors = readLong(disk.resolve("size"));
            if (kind == null || sectors < 0) {
                continue;
            }
            long lbs = readLong(disk.resolve("queue/logical_block_size"));
            int blockSize = lbs > 0 ? (int) lbs : 512;
            found.add(
                    new BlockDeviceInfo(
                            name, kind, dev.resolve(name), sectors * SECTOR, blockSize, false));
        }
        return primaryFirst(found);
    }

    /**
     * Scans until every NVMe controller and virtio-blk function on PCI has at least one disk with a
     * device node, or {@code budget} runs out. The drivers probe asynchronously: finit_module
     * returns before the NVMe controller has been reset and its namespaces scanned, so a scan right
     * after loading would miss them. A controller with no namespace costs the whole budget.
     */
    public static List<BlockDeviceInfo> settle(Path sys, Path dev, Duration budget) {
        long nvmeWanted = 0;
        long virtioWanted = 0;
        for (Path fn : children(sys.resolve("bus/pci/devices"))) {
            String id = readString(fn.resolve("vendor")) + ":" + readString(fn.resolve("device"));
            nvmeWanted += readString(fn.resolve("class")).equals(NVME_CLASS) ? 1 : 0;
            virtioWanted += VIRTIO_BLK_PCI.contains(id) ? 1 : 0;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            var found = scan(sys, dev);
            long nvme =
                    found.stream()
                            .filter(d -> d.kind() == BlockKind.NVME && Files.exists(d.path()))
                            .count();
            long virtio =
                    found.stream()
                            .filter(d -> d.kind() == BlockKind.VIRTIO_BLK && Files.exists(d.path()))
                            .count();
            if ((nvme >= nvmeWanted && virtio >= virtioWanted) || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    /**
     * The host board's disks: one per file, the first primary. Throws with what to do about a bad
     * one.
     */
    public static List<BlockDeviceInfo> files(List<Path> files) {
        return primaryFirst(files.stream().map(BlockScan::file).toList());
    }

    /**
     * A disk-image file the host board may use, or an {@link IllegalArgumentException} saying why
     * not.
     */
    static BlockDeviceInfo file(Path file) {
        String create = "truncate -s 64M " + file;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    file + " does not exist (create a disk image with: " + create + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file
                            + " is not a regular file (the host board takes a disk-image file;"
                            + " create one with: "
                            + create
                            + ")");
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new IllegalArgumentException(file + " is not readable and writable by this user");
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read its size: " + e.getMessage());
        }
        int bs = LinuxBlockDevice.FILE_BLOCK_SIZE;
        if (bytes < bs) {
            throw new IllegalArgumentException(
                    file
                            + " has "
                            + bytes
                            + " bytes, less than one "
                            + bs
                            + "-byte block (grow it with: "
                            + create
                            + ")");
        }
        return new BlockDeviceInfo(
                file.getFileName().toString(), BlockKind.FILE, file, bytes, bs, false);
    }

    /**
     * One line for the console, e.g. {@code nvme0n1 (NVMe, 64.0 MiB, primary), vda (virtio-blk,
     * 64.0 MiB)}; {@code none}.
     */
    public static String summary(List<BlockDeviceInfo> devices) {
        if (devices.isEmpty()) {
            return "none";
        }
        return String.join(
                ", ",
                devices.stream()
                        .map(d ->
                                d.name()
                                        + " ("
                                        + d.kind().label()
                                        + ", "
                                        + LinuxBlockDevice.size(d.sizeBytes())
                                        + (d.primary() ? ", primary)" : ")"))
                        .toList());
    }

    /**
     * Sorted by kind (NVMe, virtio-blk, file), then number-aware by name; the first is marked
     * primary.
     */
    private static List<BlockDeviceInfo> primaryFirst(List<BlockDeviceInfo> devices) {
        var sorted =
                devices.stream()
                        .sorted(
                                Comparator.comparing(BlockDeviceInfo::kind)
                                        .thenComparingInt(d ->
                                                d.kind() == BlockKind.FILE ? 0 : d.name().length())
                                        .thenComparing(
                                                d -> d.kind() == BlockKind.FILE ? "" : d.name()))
                        .toList();
        var out = new ArrayList<BlockDeviceInfo>();
        for (int i = 0; i < sorted.size(); i++) {
            out.add(sorted.get(i).withPrimary(i == 0));
        }
        return List.copyOf(out);
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file).trim().toLowerCase();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(readString(file));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
