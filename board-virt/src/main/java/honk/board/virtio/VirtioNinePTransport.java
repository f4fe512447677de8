package honk.board.virtio;

import honk.storage.ninep.NinePTransport;
import honk.supervision.ServiceHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * The 9P client's channel over honk's virtio-9p driver: each exchange is a message to the driver
 * actor through its stable handle, so exchanges sent while the driver restarts wait for the next
 * incarnation. The channel is one 9P session: it belongs to the driver incarnation it first
 * talked to, and once the driver has restarted (and reset the device, which forgets the session's
 * fids) every exchange fails, as a dropped connection would, so the client connects afresh over a
 * new channel. Thread-safe.
 */
public final class VirtioNinePTransport implements NinePTransport {
    private final ServiceHandle<NinePDriver.Command> driver;
    private final IntSupplier incarnation;
    private volatile int session = -1; // the incarnation of the first exchange
    private volatile boolean closed;

    /** @param incarnation the driver's {@link InFlight#incarnation()} */
    public VirtioNinePTransport(ServiceHandle<NinePDriver.Command> driver, IntSupplier incarnation) {
        this.driver = driver;
        this.incarnation = incarnation;
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
        if (session < 0) {
            session = incarnation.getAsInt();
        }
        driver.tell(new NinePDriver.Exchange(bytes, session, reply));
        return reply;
    }

    /** New exchanges fail; the device stays with its driver (the share can be mounted again). */
    @Override
    public void close() {
        closed = true;
    }
}
