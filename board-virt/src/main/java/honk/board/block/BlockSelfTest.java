package honk.board.block;

import honk.board.linux.LinuxBlockDevice;
import honk.storage.block.BlockPort;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code blk test} self-test: writes a pattern over the LAST MiB of a device, flushes, reads it
 * back and compares. What was there before is destroyed and not restored: the end of the disk is
 * the scratch area because storage lays its slots out from the start.
 *
 * <p>The pattern is text, so that a test outside honk can rebuild it and find it in the disk image:
 * 64-byte records, record {@code i} (from 0 at the start of the scratch area) being {@code "honk
 * blk test TOKEN record %08d"} padded with {@code '.'} to 63 bytes and ended by {@code '\n'}. TOKEN
 * is 8 hex digits chosen per run and printed in the report, so that data left by an earlier run
 * cannot pass for this one. Pure Java over any {@link BlockPort}.
 */
public final class BlockSelfTest {
    /** The scratch area: the last MiB of the device. */
    public static final int SCRATCH_BYTES = 1 << 20;

    /** Bytes per pattern record. */
    static final int RECORD = 64;

    private BlockSelfTest() {}

    /** The scratch area's contents for {@code token}. */
    static byte[] pattern(String token) {
        byte[] out = new byte[SCRATCH_BYTES];
        for (int i = 0; i < SCRATCH_BYTES / RECORD; i++) {
            var record =
                    new StringBuilder(
                            String.format(Locale.ROOT, "honk blk test %s record %08d", token, i));
            while (record.length() < RECORD - 1) {
                record.append('.');
            }
            record.append('\n');
            System.arraycopy(
                    record.toString().getBytes(StandardCharsets.US_ASCII),
                    0,
                    out,
                    i * RECORD,
                    RECORD);
        }
        return out;
    }

    /**
     * Runs the test on {@code device}, called {@code name}. Returns the report: the verdict with
     * the rates, then a line describing the device (which says whether O_DIRECT is in use); throws
     * {@link IllegalArgumentException} when the device is smaller than the scratch area and {@link
     * IOException} when the device fails. A mismatch is a report, not a throw.
     */
    public static String run(BlockPort device, String name, String token) throws IOException {
        if (device.sizeBytes() < SCRATCH_BYTES) {
            throw new IllegalArgumentException(
                    name
                            + " is too small for the self-test: "
                            + LinuxBlockDevice.size(device.sizeBytes())
                            + ", it needs at least "
                            + LinuxBlockDevice.size(SCRATCH_BYTES));
        }
        long first = device.blockCount() - SCRATCH_BYTES / device.blockSize();
        byte[] expected = pattern(token);
        long t0 = System.nanoTime();
        device.write(first, ByteBuffer.wrap(expected));
        long t1 = System.nanoTime();
        device.flush();
        long t2 = System.nanoTime();
        ByteBuffer back = ByteBuffer.allocateDirect(SCRATCH_BYTES);
        device.read(first, back);
        long t3 = System.nanoTime();
        byte[] got = new byte[SCRATCH_BYTES];
        back.flip().get(got);
        String where =
                name
                        + ": "
                        + LinuxBlockDevice.size(SCRATCH_BYTES)
                        + " at blocks "
                        + first
                        + ".."
                        + (device.blockCount() - 1)
                        + " (the last MiB), pattern "
                        + token;
        String deviceLine = "\nblk test: device " + device.describe();
        int bad = Arrays.mismatch(expected, got);
        if (bad >= 0) {
            return String.format(
                            Locale.ROOT,
                            "blk test: FAILED %s: byte %d of the scratch area reads 0x%02x,"
                                    + " 0x%02x was written",
                            where,
                            bad,
                            got[bad] & 0xff,
                            expected[bad] & 0xff)
                    + deviceLine;
        }
        return String.format(
                        Locale.ROOT,
                        "blk test: OK %s: written, flushed, read back and compared;"
                                + " write %s, flush %.1f ms, read %s",
                        where,
                        rate(t1 - t0),
                        (t2 - t1) / 1e6,
                        rate(t3 - t2))
                + deviceLine;
    }

    private static String rate(long nanos) {
        return String.format(
                Locale.ROOT,
                "%.1f MiB/s",
                SCRATCH_BYTES / (1024.0 * 1024.0) / Math.max(nanos, 1) * 1e9);
    }
}
