package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The block device over a file on the host: what the virt board does to /dev/nvme0n1, on a
 * temporary file.
 */
@Timeout(30)
class LinuxBlockDeviceTest {
    private static final int BS = LinuxBlockDevice.FILE_BLOCK_SIZE;

    @TempDir Path dir;

    @BeforeAll
    static void onLinux() {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the bindings are for Linux");
    }

    private Path disk(long bytes) throws IOException {
        Path p = dir.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aFileIsADeviceOfWholeBlocks() throws IOException {
        try (var dev = LinuxBlockDevice.open(disk(64 * BS + 100), "file")) {
            assertEquals(BS, dev.blockSize());
            assertEquals(
                    64, dev.blockCount(), "the partial block at the end is not part of the device");
            assertEquals(64L * BS, dev.sizeBytes());
        }
    }

    @Test
    void writtenBlocksReadBackFromHeapAndDirectBuffers() throws IOException {
        // larger than the bounce buffer, so one request takes several system calls
        byte[] data = random(LinuxBlockDevice.BOUNCE_BYTES * 2 + 3 * BS, 1);
        try (var dev = LinuxBlockDevice.open(disk(256 * BS), "file")) {
            ByteBuffer src = ByteBuffer.wrap(data);
            dev.write(10, src);
            assertEquals(data.length, src.position(), "the source is consumed");
            dev.flush();
            ByteBuffer back = ByteBuffer.allocateDirect(data.length);
            dev.read(10, back);
            assertFalse(back.hasRemaining(), "the destination is filled to its limit");
            byte[] got = new byte[data.length];
            back.flip().get(got);
            assertArrayEquals(data, got);
        }
    }

    @Test
    void aReadFillsOnlyFromThePositionToTheLimit() throws IOException {
        try (var dev = LinuxBlockDevice.open(disk(8 * BS), "file")) {
            dev.write(3, ByteBuffer.wrap(random(BS, 2)));
            byte[] arr = new byte[BS + 16];
            Arrays.fill(arr, (byte) 7);
            dev.read(3, ByteBuffer.wrap(arr, 8, BS));
            assertEquals(7, arr[7]);
            assertEquals(7, arr[BS + 8]);
            assertArrayEquals(random(BS, 2), Arrays.copyOfRange(arr, 8, BS + 8));
        }
    }

    @Test
    void flushedWritesAreInTheFileAfterClose() throws IOException {
        Path file = disk(16 * BS);
        byte[] data = random(2 * BS, 3);
        try (var dev = LinuxBlockDevice.open(file, "file")) {
            dev.write(14, ByteBuffer.wrap(data));
            dev.flush();
        }
        byte[] all = Files.readAllBytes(file);
        assertArrayEquals(data, Arrays.copyOfRange(all, 14 * BS, 16 * BS));
    }

    @Test
    void requestsOutsideTheDeviceOrOfPartialBlocksAreRefused() throws IOException {
        try (var dev = LinuxBlockDevice.open(disk(8 * BS), "file")) {
            var past =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> dev.write(7, ByteBuffer.allocate(2 * BS)));
            assertTrue(
                    past.getMessage().contains("outside the device's 8 blocks"), past.getMessage());
            assertThrows(
                    IllegalArgumentException.class, () -> dev.read(-1, ByteBuffer.allocate(BS)));
            var partial =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> dev.read(0, ByteBuffer.allocate(BS - 1)));
            assertTrue(partial.getMessage().contains("not a whole number"), partial.getMessage());
        }
    }

    @Test
    void describeNamesThePathTheKindTheSizeAndTheIoMode() throws IOException {
        Path file = disk(16 * BS);
        try (var dev = LinuxBlockDevice.open(file, "file")) {
            String mode = dev.direct() ? "O_DIRECT" : "buffered: the file system refuses O_DIRECT";
            assertEquals(
                    file + " (file, 64.0 KiB, 4096-byte blocks, " + mode + ")", dev.describe());
        }
        try (var dev = LinuxBlockDevice.open(file, "file", false)) {
            assertFalse(dev.direct());
            assertTrue(dev.describe().endsWith(", buffered)"), dev.describe());
            dev.write(0, ByteBuffer.wrap(random(BS, 4)));
            dev.flush();
            ByteBuffer back = ByteBuffer.allocate(BS);
            dev.read(0, back);
            assertArrayEquals(random(BS, 4), back.array());
        }
    }

    @Test
    void aMissingFileFailsWithItsPathAndTheKernelsReason() {
        Path missing = dir.resolve("nope.img");
        var e = assertThrows(IOException.class, () -> LinuxBlockDevice.open(missing, "file"));
        assertTrue(e.getMessage().startsWith(missing + ": open("), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void aFileSmallerThanOneBlockIsRefused() throws IOException {
        var e = assertThrows(IOException.class, () -> LinuxBlockDevice.open(disk(BS - 1), "file"));
        assertTrue(e.getMessage().contains("too small: 4095 bytes"), e.getMessage());
    }

    @Test
    void aCharacterDeviceIsNeitherABlockDeviceNorAFile() {
        var e =
                assertThrows(
                        IOException.class,
                        () -> LinuxBlockDevice.open(Path.of("/dev/null"), "file"));
        assertEquals("/dev/null: neither a block device nor a regular file", e.getMessage());
    }

    @Test
    void aDirectoryIsRefusedWithTheKernelsReason() {
        var e = assertThrows(IOException.class, () -> LinuxBlockDevice.open(dir, "file"));
        assertTrue(e.getMessage().contains("Is a directory"), e.getMessage());
    }

    @Test
    void ioAfterCloseFailsAndCloseTwiceIsHarmless() throws IOException {
        var dev = LinuxBlockDevice.open(disk(8 * BS), "file");
        dev.close();
        dev.close();
        var e = assertThrows(IOException.class, dev::flush);
        assertTrue(e.getMessage().endsWith(": closed"), e.getMessage());
    }

    @Test
    void sizesReadAsBinaryUnits() {
        assertEquals("512 B", LinuxBlockDevice.size(512));
        assertEquals("1.0 MiB", LinuxBlockDevice.size(1 << 20));
        assertEquals("64.0 MiB", LinuxBlockDevice.size(64L << 20));
        assertEquals("1.5 GiB", LinuxBlockDevice.size(3L << 29));
    }
}
