package honk.board.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Discovery on a fake sysfs and devtmpfs, and the host board's checks of its disk-image files. */
class BlockScanTest {
    @TempDir Path root;

    private Path sys() {
        return root.resolve("sys");
    }

    private Path dev() {
        return root.resolve("dev");
    }

    private void write(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    /** A disk in sysfs with {@code sectors} 512-byte sectors, and its node in devtmpfs. */
    private void disk(String name, long sectors, int logicalBlockSize) throws IOException {
        write("sys/block/" + name + "/size", sectors + "\n");
        write("sys/block/" + name + "/queue/logical_block_size", logicalBlockSize + "\n");
        write("dev/" + name, "");
    }

    private void pci(String address, String vendor, String device, String cls) throws IOException {
        write("sys/bus/pci/devices/" + address + "/vendor", vendor + "\n");
        write("sys/bus/pci/devices/" + address + "/device", device + "\n");
        write("sys/bus/pci/devices/" + address + "/class", cls + "\n");
    }

    @Test
    void nvmeNamespacesComeFirstAndTheFirstIsPrimary() throws IOException {
        disk("vda", 131072, 512);
        disk("nvme1n1", 2048, 4096);
        disk("nvme0n1", 131072, 512);
        disk("sda", 100, 512); // not a kind honk drives
        disk("loop0", 100, 512);
        disk("nvme0c0n1", 131072, 512); // a multipath path, not a disk to open
        assertEquals(
                List.of(
                        new BlockDeviceInfo(
                                "nvme0n1",
                                BlockKind.NVME,
                                dev().resolve("nvme0n1"),
                                64L << 20,
                                512,
                                true),
                        new BlockDeviceInfo(
                                "nvme1n1",
                                BlockKind.NVME,
                                dev().resolve("nvme1n1"),
                                1L << 20,
                                4096,
                                false),
                        new BlockDeviceInfo(
                                "vda",
                                BlockKind.VIRTIO_BLK,
                                dev().resolve("vda"),
                                64L << 20,
                                512,
                                false)),
                BlockScan.scan(sys(), dev()));
    }

    @Test
    void virtioBlkIsPrimaryWithoutNvmeAndNamesSortByNumber() throws IOException {
        disk("vdb", 2048, 512);
        disk("vda", 4096, 512);
        var found = BlockScan.scan(sys(), dev());
        assertEquals(List.of("vda", "vdb"), found.stream().map(BlockDeviceInfo::name).toList());
        assertTrue(found.get(0).primary());
        disk("nvme10n1", 2048, 512);
        disk("nvme2n1", 2048, 512);
        assertEquals(
                List.of("nvme2n1", "nvme10n1", "vda", "vdb"),
                BlockScan.scan(sys(), dev()).stream().map(BlockDeviceInfo::name).toList());
    }

    @Test
    void noSysfsMeansNoDevicesNotAnError() {
        assertEquals(List.of(), BlockScan.scan(sys(), dev()));
        assertEquals(List.of(), BlockScan.settle(sys(), dev(), Duration.ofSeconds(5)));
    }

    @Test
    void settleReturnsAtOnceWhenEveryControllerHasItsDisk() throws IOException {
        pci("0000:00:02.0", "0x1b36", "0x0010", "0x010802");
        pci("0000:00:03.0", "0x1af4", "0x1001", "0x010000");
        disk("nvme0n1", 2048, 512);
        disk("vda", 2048, 512);
        long t0 = System.nanoTime();
        assertEquals(2, BlockScan.settle(sys(), dev(), Duration.ofSeconds(10)).size());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "it did not wait");
    }

    @Test
    void settleWaitsForADiskThatAppearsLate() throws Exception {
        pci("0000:00:02.0", "0x1b36", "0x0010", "0x010802");
        var late =
                new Thread(() -> {
                    try {
                        Thread.sleep(
                                300); // time that passes on purpose: the disk appears while settle
                        // waits
                        disk("nvme0n1", 2048, 512);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        late.start();
        var found = BlockScan.settle(sys(), dev(), Duration.ofSeconds(10));
        late.join();
        assertEquals(List.of("nvme0n1"), found.stream().map(BlockDeviceInfo::name).toList());
    }

    @Test
    void settleGivesUpAfterItsBudgetWithWhatItFound() throws IOException {
        pci(
                "0000:00:02.0",
                "0x1b36",
                "0x0010",
                "0x010802"); // a controller whose namespace never comes
        disk("vda", 2048, 512);
        long t0 = System.nanoTime();
        var found = BlockScan.settle(sys(), dev(), Duration.ofMillis(300));
        assertTrue(System.nanoTime() - t0 >= 300_000_000L, "it waited the budget");
        assertEquals(List.of("vda"), found.stream().map(BlockDeviceInfo::name).toList());
    }

    @Test
    void hostDiskFilesKeepTheirOrderAndTheFirstIsPrimary() throws IOException {
        Path a = Files.write(root.resolve("a.img"), new byte[8192]);
        Path b = Files.write(root.resolve("b.img"), new byte[4096]);
        assertEquals(
                List.of(
                        new BlockDeviceInfo("b.img", BlockKind.FILE, b, 4096, 4096, true),
                        new BlockDeviceInfo("a.img", BlockKind.FILE, a, 8192, 4096, false)),
                BlockScan.files(List.of(b, a)));
    }

    @Test
    void aMissingDiskFileSaysHowToCreateOne() {
        Path missing = root.resolve("nope.img");
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> BlockScan.files(List.of(missing)));
        assertEquals(
                missing
                        + " does not exist (create a disk image with: truncate -s 64M "
                        + missing
                        + ")",
                e.getMessage());
    }

    @Test
    void aDirectoryOrATinyFileIsNotADiskImage() throws IOException {
        var dir =
                assertThrows(IllegalArgumentException.class, () -> BlockScan.files(List.of(root)));
        assertTrue(dir.getMessage().contains("is not a regular file"), dir.getMessage());
        Path tiny = Files.write(root.resolve("tiny.img"), new byte[100]);
        var small =
                assertThrows(IllegalArgumentException.class, () -> BlockScan.files(List.of(tiny)));
        assertEquals(
                tiny
                        + " has 100 bytes, less than one 4096-byte block (grow it with: truncate -s"
                        + " 64M "
                        + tiny
                        + ")",
                small.getMessage());
    }

    @Test
    void theSummaryNamesEachDeviceAndThePrimary() {
        var nvme =
                new BlockDeviceInfo(
                        "nvme0n1", BlockKind.NVME, Path.of("/dev/nvme0n1"), 64L << 20, 512, true);
        var vda =
                new BlockDeviceInfo(
                        "vda", BlockKind.VIRTIO_BLK, Path.of("/dev/vda"), 32L << 20, 512, false);
        assertEquals(
                "nvme0n1 (NVMe, 64.0 MiB, primary), vda (virtio-blk, 32.0 MiB)",
                BlockScan.summary(List.of(nvme, vda)));
        assertEquals("none", BlockScan.summary(List.of()));
    }
}
