package honk.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A partition: blocks {@code [first, first + count)} of another port, seen as a device of its own.
 * Image slot A, image slot B and the KV region are slices of one device. A flush flushes the whole
 * device under it. Each request holds the device's lock, so that the users of different slices (the
 * KV store, the core) never interleave on a device that is not thread-safe. Pure Java.
 */
public final class Slice implements BlockPort {
    private final BlockPort device;
    private final long first;
    private final long count;
    private final String name;

    public Slice(BlockPort device, long first, long count, String name) {
        if (first < 0 || count <= 0 || first + count > device.blockCount()) {
            throw new IllegalArgumentException(
                    "slice "
                            + name
                            + " (blocks "
                            + first
                            + "+"
                            + count
                            + ") does not fit "
                            + device.describe()
                            + " of "
                            + device.blockCount()
                            + " blocks");
        }
        this.device = device;
        this.first = first;
        this.count = count;
        this.name = name;
    }

    @Override
    public int blockSize() {
        return device.blockSize();
    }

    @Override
    public long blockCount() {
        return count;
    }

    @Override
    public void read(long block, ByteBuffer dst) throws IOException {
        BlockPort.checkRange(this, block, dst);
        synchronized (device) {
            device.read(first + block, dst);
        }
    }

    @Override
    public void write(long block, ByteBuffer src) throws IOException {
        BlockPort.checkRange(this, block, src);
        synchronized (device) {
            device.write(first + block, src);
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (device) {
            device.flush();
        }
    }

    @Override
    public String describe() {
        return name
                + " (blocks "
                + first
                + ".."
                + (first + count - 1)
                + " of "
                + device.describe()
                + ")";
    }
}
