package honk.storage.block;

import java.nio.ByteBuffer;

/**
 * A block device in memory: every write is durable at once. Pure Java; for tests and scratch use.
 */
public final class MemoryBlockDevice implements BlockPort {
    private final int blockSize;
    private final byte[] data;

    public MemoryBlockDevice(int blockSize, int blockCount) {
        this.blockSize = blockSize;
        this.data = BlockPort.allocate(blockSize, blockCount);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return data.length / blockSize;
    }

    @Override
    public void read(long block, ByteBuffer dst) {
        int n = BlockPort.checkRange(this, block, dst);
        dst.put(data, (int) block * blockSize, n * blockSize);
    }

    @Override
    public void write(long block, ByteBuffer src) {
        int n = BlockPort.checkRange(this, block, src);
        src.get(data, (int) block * blockSize, n * blockSize);
    }

    @Override
    public void flush() {}

    @Override
    public String describe() {
        return "memory (" + data.length / 1024 + " KiB)";
    }
}
