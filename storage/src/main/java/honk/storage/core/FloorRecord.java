package honk.storage.core;

import honk.storage.block.BlockPort;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The anti-rollback floor on disk: two blocks, double-buffered like the KV superblocks (magic,
 * generation, floor, CRC-32C), so that a torn write leaves the other copy in force. The floor only
 * rises. It lives outside the KV region, so a stateless reset does not lower it. Pure Java.
 */
public final class FloorRecord {
    static final long MAGIC = 0x3152_4c46_4b4e_4f48L; // "HONKFLR1"
    private static final int BYTES = 28; // magic, generation, floor, CRC

    private FloorRecord() {}

    /** The floor in force: the valid copy with the highest generation; 0 on a blank area. */
    public static long read(BlockPort area) throws IOException {
        long[] best = best(area);
        return best == null ? 0 : best[1];
    }

    /**
     * Raises the floor to {@code floor} (a no-op when it is not higher): one block write, then a
     * flush.
     */
    public static void raise(BlockPort area, long floor) throws IOException {
        long[] best = best(area);
        long generation = best == null ? 0 : best[0];
        if (best != null && Long.compareUnsigned(floor, best[1]) <= 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(area.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putLong(generation + 1).putLong(floor);
        var crc = new CRC32C();
        crc.update(b.array(), 0, BYTES - 4);
        b.putInt((int) crc.getValue()).rewind();
        synchronized (area) {
            area.write((generation + 1) % 2, b);
            area.flush();
        }
    }

    /** {generation, floor} of the newest valid copy, or null. */
    private static long[] best(BlockPort area) throws IOException {
        if (area.blockCount() < 2) {
            throw new IllegalArgumentException(
                    "the floor record needs 2 blocks, "
                            + area.describe()
                            + " has "
                            + area.blockCount());
        }
        ByteBuffer blocks = ByteBuffer.allocate(2 * area.blockSize());
        synchronized (area) {
            area.read(0, blocks);
        }
        long[] best = null;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b =
                    ByteBuffer.wrap(blocks.array(), slot * area.blockSize(), BYTES)
                            .slice()
                            .order(ByteOrder.LITTLE_ENDIAN);
            var crc = new CRC32C();
            crc.update(blocks.array(), slot * area.blockSize(), BYTES - 4);
            if (b.getLong(0) == MAGIC
                    && b.getInt(BYTES - 4) == (int) crc.getValue()
                    && (best == null || Long.compareUnsigned(b.getLong(8), best[0]) > 0)) {
                best = new long[] {b.getLong(8), b.getLong(16)};
            }
        }
        return best;
    }
}
