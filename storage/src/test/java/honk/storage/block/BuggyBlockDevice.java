package honk.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A block device with a bug that can be armed: the next read throws an {@link
 * IllegalStateException}, as a broken device model would (a bug, not an I/O error). Everything else
 * goes to the device it wraps. For the tests that crash a driver for real.
 */
public final class BuggyBlockDevice implements BlockPort {
    private final BlockPort device;
    private final String name;
    private final AtomicBoolean bugOnNextRead = new AtomicBoolean();
    private final AtomicBoolean bugOnNextWrite = new AtomicBoolean();

    /**
     * @param name what {@link #describe()} says; null: the wrapped device's description
     */
    public BuggyBlockDevice(BlockPort device, String name) {
        this.device = device;
        this.name = name;
    }

    /** Arms the bug: the next read throws. */
    public void failNextRead() {
        bugOnNextRead.set(true);
    }

    /** Arms the bug: the next write throws (and writes nothing). */
    public void failNextWrite() {
        bugOnNextWrite.set(true);
    }

    @Override
    public int blockSize() {
        return device.blockSize();
    }

    @Override
    public long blockCount() {
        return device.blockCount();
    }

    @Override
    public void read(long block, ByteBuffer dst) throws IOException {
        if (bugOnNextRead.getAndSet(false)) {
            throw new IllegalStateException("a bug in the device model");
        }
        device.read(block, dst);
    }

    @Override
    public void write(long block, ByteBuffer src) throws IOException {
        if (bugOnNextWrite.getAndSet(false)) {
            throw new IllegalStateException("a bug in the device model");
        }
        device.write(block, src);
    }

    @Override
    public void flush() throws IOException {
        device.flush();
    }

    @Override
    public String describe() {
        return name != null ? name : device.describe();
    }
}
