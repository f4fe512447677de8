package honk.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A block device as honk's storage sees it: fixed-size blocks, positional reads and writes of whole
 * blocks, and a flush that makes every completed write durable. Implemented by the board (NVMe or
 * virtio-blk under QEMU, a file on the host), by {@link MemoryBlockDevice} and by {@link
 * FaultyBlockDevice} in tests, and by {@link Slice} for a partition of another port.
 * Implementations need not be thread-safe: a device's driver actor serializes its I/O.
 */
public interface BlockPort {
    /** Bytes per block: a power of two, at least 512. */
    int blockSize();

    /** Blocks on the device. */
    long blockCount();

    /**
     * Reads the blocks starting at {@code block} into {@code dst}, from its position to its limit
     * (a whole number of blocks). On return the buffer's position is at its limit.
     */
    void read(long block, ByteBuffer dst) throws IOException;

    /**
     * Writes {@code src}, from its position to its limit (a whole number of blocks), to the blocks
     * starting at {@code block}. Completed is not durable: only {@link #flush()} makes it so, and a
     * power loss before it may lose or tear the write.
     */
    void write(long block, ByteBuffer src) throws IOException;

    /**
     * Makes every completed write durable (fdatasync, the device's FLUSH). A failure means that
     * writes since the last successful flush may be lost; callers must not carry on as if it had
     * worked.
     */
    void flush() throws IOException;

    /** One line naming the device, e.g. {@code nvme0n1 (NVMe, 64 MiB)} or {@code memory}. */
    String describe();

    /** Bytes on the device. */
    default long sizeBytes() {
        return blockCount() * blockSize();
    }

    /** The backing array of an in-memory device, after checking its geometry. */
    static byte[] allocate(int blockSize, int blockCount) {
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException(
                    "block size must be a power of two >= 512, got " + blockSize);
        }
        if (blockCount <= 0) {
            throw new IllegalArgumentException(
                    "a device needs at least one block, got " + blockCount);
        }
        return new byte[Math.multiplyExact(blockSize, blockCount)];
    }

    /** Checks a request's range and length; a bad request is a caller's bug, reported as such. */
    static int checkRange(BlockPort port, long block, ByteBuffer buf) {
        int bytes = buf.remaining();
        if (bytes % port.blockSize() != 0) {
            throw new IllegalArgumentException(
                    bytes + " bytes is not a whole number of " + port.blockSize() + "-byte blocks");
        }
        int blocks = bytes / port.blockSize();
        if (block < 0 || block + blocks > port.blockCount()) {
            throw new IllegalArgumentException(
                    "blocks "
                            + block
                            + ".."
                            + (block + blocks - 1)
                            + " are outside the device's "
                            + port.blockCount()
                            + " blocks");
        }
        return blocks;
    }
}
