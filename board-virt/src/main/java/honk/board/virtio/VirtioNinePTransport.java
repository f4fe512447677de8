package honk.board.virtio;

import honk.storage.ninep.NinePTransport;
import honk.supervision.ServiceHandle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The 9P client's channel over honk's virtio-9p driver: each exchange is a message to the driver
 * actor through its stable handle, so exchanges sent while the driver restarts wait for the next
 * incarnation. The device holds one 9P session at a time: once the driver has restarted (a reset
 * clunks the session's fids) or another channel has sent Tversion, this channel's exchanges fail,
 * as a dropped connection's would, and its client connects afresh over a new channel. Thread-safe.
 */
public final class VirtioNinePTransport implements NinePTransport {
    private final ServiceHandle<NinePDriver.Command> driver;
    private static final AtomicLong CHANNELS = new AtomicLong();
    private final long channel = CHANNELS.incrementAndGet();
    private volatile boolean closed;

    public VirtioNinePTransport(ServiceHandle<NinePDriver.Command> driver) {
        this.driver = driver;
    }

    @Override
    public int maxMessageSize() {
        return NinePDriver.MAX_MESSAGE;
    }

    @Override
    public CompletionStage<ByteBuffer> exchange(ByteBuffer tmessage) {
        var reply = new CompletableFuture<ByteBuffer>();
        if (closed) {
            reply.completeExceptionally(new IOException("virtio-9p: the transport is closed"));
            return reply;
        }
        byte[] bytes = new byte[tmessage.remaining()];
        tmessage.duplicate().get(bytes);
        driver.tell(new NinePDriver.Exchange(bytes, channel, reply));
        return reply;
    }

    /** New exchanges fail; the device stays with its driver (the share can be mounted again). */
    @Override
    public void close() {
        closed = true;
    }
}
