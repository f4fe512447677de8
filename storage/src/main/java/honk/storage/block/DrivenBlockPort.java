package honk.storage.block;

import honk.supervision.ServiceHandle;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A device as its users see it when a {@link BlockDriver} owns it: the same {@link BlockPort}, but
 * every call is a message to the driver and waits for its completion. For callers that may block
 * (the KV store's appender on the blocking dispatcher, the core's boot thread, {@code blk test});
 * an actor on the harts' dispatcher must not call it. Thread-safe: requests from many threads are
 * serialized by the driver.
 */
public final class DrivenBlockPort implements BlockPort {
    /** How long a request may take before the caller gives up on the driver. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final ServiceHandle<BlockDriver.Command> driver;
    private final int blockSize;
    private final long blockCount;
    private final String describe;

    /**
     * A port through {@code driver} for {@code device}, whose geometry it takes (the driver owns
     * the device itself).
     */
    public DrivenBlockPort(ServiceHandle<BlockDriver.Command> driver, BlockPort device) {
        this.driver = driver;
        this.blockSize = device.blockSize();
        this.blockCount = device.blockCount();
        this.describe = device.describe();
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public void read(long block, ByteBuffer dst) throws IOException {
        BlockPort.checkRange(this, block, dst);
        await(done -> new BlockDriver.Read(block, dst, done), "read");
    }

    @Override
    public void write(long block, ByteBuffer src) throws IOException {
        BlockPort.checkRange(this, block, src);
        await(done -> new BlockDriver.Write(block, src, done), "write");
    }

    @Override
    public void flush() throws IOException {
        await(BlockDriver.Flush::new, "flush");
    }

    @Override
    public String describe() {
        return describe;
    }

    private void await(Function<CompletableFuture<Void>, BlockDriver.Command> request, String what)
            throws IOException {
        var done = new CompletableFuture<Void>();
        driver.tell(request.apply(done));
        try {
            done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io
                    ? io
                    : new IOException(
                            describe + ": " + what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(
                    describe
                            + ": the block driver did not complete a "
                            + what
                            + " in "
                            + TIMEOUT.toSeconds()
                            + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(
                    describe + ": interrupted while waiting for a " + what);
        }
    }
}
