package honk.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A block device with a volatile write cache and the faults storage must survive, modelled on a
 * disk's semantics rather than its API: completed writes sit in the cache until a flush makes them
 * durable; a power cut (armed to strike after N more block writes or flushes, or at once) stops the
 * device mid-write, so a multi-block write is torn at any block; on power-up each unflushed block
 * independently survives or is lost; and a flush can be made to fail. Pure Java; for tests.
 */
public final class FaultyBlockDevice implements BlockPort {
    private final int blockSize;
    private final byte[] durable;
    private final Map<Long, byte[]> cache =
            new LinkedHashMap<>(); // unflushed blocks, latest content
    private long powerCutIn = -1; // block writes or flushes left before the power goes; -1: never
    private long powerCutAtBlock =
            -1; // the power goes before this block is next written; -1: never
    private boolean off;
    private boolean failNextFlush;
    private long writes;
    private long flushes;

    public FaultyBlockDevice(int blockSize, int blockCount) {
        this.blockSize = blockSize;
        this.durable = BlockPort.allocate(blockSize, blockCount);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return durable.length / blockSize;
    }

    @Override
    public void read(long block, ByteBuffer dst) throws IOException {
        int n = BlockPort.checkRange(this, block, dst);
        requirePower();
        for (int i = 0; i < n; i++) {
            byte[] cached = cache.get(block + i);
            if (cached != null) {
                dst.put(cached);
            } else {
                dst.put(durable, (int) (block + i) * blockSize, blockSize);
            }
        }
    }

    /** Writes block by block; a power cut armed to strike inside the write tears it there. */
    @Override
    public void write(long block, ByteBuffer src) throws IOException {
        int n = BlockPort.checkRange(this, block, src);
        requirePower();
        for (int i = 0; i < n; i++) {
            if (block + i == powerCutAtBlock) {
                powerCutIn = 0;
                powerCutAtBlock = -1;
            }
            tick("write of block " + (block + i));
            byte[] b = new byte[blockSize];
            src.get(b);
            cache.remove(block + i); // re-insert: the cache keeps write order
            cache.put(block + i, b);
            writes++;
        }
    }

    @Override
    public void flush() throws IOException {
        requirePower();
        tick("flush");
        if (failNextFlush) {
            failNextFlush = false;
            throw new IOException("flush failed (injected): unflushed writes may be lost");
        }
        for (var e : cache.entrySet()) {
            System.arraycopy(e.getValue(), 0, durable, (int) (e.getKey() * blockSize), blockSize);
        }
        cache.clear();
        flushes++;
    }

    @Override
    public String describe() {
        return "faulty memory (" + durable.length / 1024 + " KiB)";
    }

    /**
     * Cuts the power after {@code operations} more block writes or flushes (0: before the next
     * one).
     */
    public void cutPowerAfter(long operations) {
        if (operations < 0) {
            throw new IllegalArgumentException("operations must be >= 0");
        }
        powerCutIn = operations;
    }

    /** Cuts the power just before {@code block} is next written (e.g. a superblock). */
    public void cutPowerAtWriteOf(long block) {
        powerCutAtBlock = block;
    }

    /** Disarms a power cut that has not struck yet. */
    public void cancelPowerCut() {
        powerCutIn = -1;
        powerCutAtBlock = -1;
    }

    /** Cuts the power now. */
    public void cutPower() {
        off = true;
        powerCutIn = -1;
    }

    /** Makes the next flush fail (once), leaving the cache as it was. */
    public void failNextFlush() {
        failNextFlush = true;
    }

    /**
     * Power-cycles the device: each unflushed block survives with probability {@code keep} (0: all
     * lost, 1: all kept), decided by {@code random}; any pending power cut is disarmed. Returns how
     * many unflushed blocks survived.
     */
    public int powerCycle(Random random, double keep) {
        int kept = 0;
        for (var e : cache.entrySet()) {
            if (random.nextDouble() < keep) {
                System.arraycopy(
                        e.getValue(), 0, durable, (int) (e.getKey() * blockSize), blockSize);
                kept++;
            }
        }
        cache.clear();
        off = false;
        powerCutIn = -1;
        powerCutAtBlock = -1;
        failNextFlush = false;
        return kept;
    }

    public boolean isOff() {
        return off;
    }

    public int unflushedBlocks() {
        return cache.size();
    }

    /** Block writes completed since creation. */
    public long writes() {
        return writes;
    }

    /** Successful flushes since creation. */
    public long flushes() {
        return flushes;
    }

    private void requirePower() throws PowerLossException {
        if (off) {
            throw new PowerLossException("the device has no power");
        }
    }

    private void tick(String what) throws PowerLossException {
        if (powerCutIn == 0) {
            off = true;
            powerCutIn = -1;
            throw new PowerLossException("power lost before the " + what);
        }
        if (powerCutIn > 0) {
            powerCutIn--;
        }
    }
}
