package honk.board.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.block.BlockPort;
import honk.storage.block.MemoryBlockDevice;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The self-test on memory devices: the pattern, where it lands, and how a bad device is reported.
 */
class BlockSelfTestTest {
    @Test
    void thePatternIsSixtyFourByteTextRecordsNamingTheTokenAndTheRecord() {
        byte[] p = BlockSelfTest.pattern("0badf00d");
        assertEquals(BlockSelfTest.SCRATCH_BYTES, p.length);
        String first = new String(p, 0, 64, StandardCharsets.US_ASCII);
        assertEquals("honk blk test 0badf00d record 00000000" + ".".repeat(25) + "\n", first);
        String last = new String(p, p.length - 64, 64, StandardCharsets.US_ASCII);
        assertTrue(last.startsWith("honk blk test 0badf00d record 00016383."), last);
    }

    @Test
    void theTestWritesThePatternOverTheLastMibAndPasses() throws IOException {
        var dev = new MemoryBlockDevice(512, 4096); // 2 MiB
        String report = BlockSelfTest.run(dev, "mem0", "12345678");
        assertTrue(
                report.startsWith(
                        "blk test: OK mem0: 1.0 MiB at blocks 2048..4095 (the last MiB), pattern"
                                + " 12345678"),
                report);
        String[] lines = report.split("\n");
        assertEquals(2, lines.length, report);
        assertTrue(
                lines[0].matches(".*write [0-9.]+ MiB/s, flush [0-9.]+ ms, read [0-9.]+ MiB/s$"),
                report);
        assertEquals("blk test: device memory (2048 KiB)", lines[1]);
        ByteBuffer tail = ByteBuffer.allocate(BlockSelfTest.SCRATCH_BYTES);
        dev.read(2048, tail);
        assertArrayEquals(BlockSelfTest.pattern("12345678"), tail.array());
        ByteBuffer head = ByteBuffer.allocate(512);
        dev.read(2047, head);
        assertArrayEquals(
                new byte[512], head.array(), "nothing before the scratch area is touched");
    }

    @Test
    void aDeviceThatReadsBackOtherDataFailsNamingTheFirstBadByte() throws IOException {
        var mem = new MemoryBlockDevice(4096, 512);
        BlockPort flipping =
                new BlockPort() {
                    public int blockSize() {
                        return mem.blockSize();
                    }

                    public long blockCount() {
                        return mem.blockCount();
                    }

                    public void write(long block, ByteBuffer src) throws IOException {
                        mem.write(block, src);
                    }

                    public void flush() throws IOException {
                        mem.flush();
                    }

                    public String describe() {
                        return "flipping";
                    }

                    public void read(long block, ByteBuffer dst) throws IOException {
                        int start = dst.position();
                        mem.read(block, dst);
                        dst.put(
                                start + 70,
                                (byte) (dst.get(start + 70) ^ 0x20)); // record 1, the "l" of "blk"
                    }
                };
        String report = BlockSelfTest.run(flipping, "bad0", "cafecafe");
        assertTrue(report.startsWith("blk test: FAILED bad0: "), report);
        assertTrue(
                report.endsWith(
                        "byte 70 of the scratch area reads 0x4c, 0x6c was written\n"
                                + "blk test: device flipping"),
                report);
    }

    @Test
    void aDeviceSmallerThanTheScratchAreaIsRefused() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                BlockSelfTest.run(
                                        new MemoryBlockDevice(512, 1024), "small0", "00000000"));
        assertEquals(
                "small0 is too small for the self-test: 512.0 KiB, it needs at least 1.0 MiB",
                e.getMessage());
    }
}
