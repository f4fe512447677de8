package honk.storage.ninep;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The channel a 9P2000.L client talks over: honk's own virtio-9p driver under QEMU, TCP on the host
 * board and in tests. It carries whole messages and knows nothing of their meaning beyond the
 * framing ({@code size[4] type[1] tag[2] ...}, little-endian) and the tag that pairs a reply with
 * its request.
 */
public interface NinePTransport extends AutoCloseable {
    /**
     * The largest message, in bytes, this transport can carry each way; the client offers it in
     * Tversion.
     */
    int maxMessageSize();

    /**
     * Sends one complete T-message (from the buffer's position to its limit) and completes with the
     * complete R-message that carries the same tag. Several exchanges may be outstanding at once,
     * each with its own tag. The reply is not trusted: the client checks every field of it.
     * Completes exceptionally with an {@link java.io.IOException} when the channel fails; every
     * outstanding exchange then fails too.
     */
    CompletionStage<ByteBuffer> exchange(ByteBuffer tmessage);

    /** Closes the channel; outstanding exchanges fail. */
    @Override
    void close();
}
