package honk.storage.ninep;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 9P over a byte stream: a TCP connection ({@link #connect}), or the pipes of a server process
 * ({@link #over}: the host board runs diod on its stdin and stdout). Messages are written whole,
 * one writer at a time, and a reader on a virtual thread takes each reply off the stream and
 * completes the exchange waiting on its tag. Many exchanges may be outstanding. A reply that breaks
 * the framing (a size under 7 or past {@link #maxMessageSize()}, a tag nobody waits for) closes the
 * connection: every outstanding and later exchange fails with the reason. Pure Java.
 */
public final class StreamTransport implements NinePTransport {
    /**
     * The msize honk offers over a stream: 1 MiB + the largest header, as Linux's 9p client caps
     * it.
     */
    public static final int DEFAULT_MAX_MESSAGE = (1 << 20) + NinePWire.IOHDRSZ;

    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final InputStream in;
    private final OutputStream out;
    private final Closeable channel;
    private final int maxMessage;
    private final String peer;
    // shared between callers and the reader thread
    private final ConcurrentHashMap<Integer, CompletableFuture<ByteBuffer>> waiting =
            new ConcurrentHashMap<>();
    private volatile IOException failure;

    private StreamTransport(
            InputStream in, OutputStream out, Closeable channel, int maxMessage, String peer) {
        this.in = in;
        this.out = out;
        this.channel = channel;
        this.maxMessage = maxMessage;
        this.peer = peer;
        Thread.ofVirtual().name("9p-reader " + peer).start(this::readReplies);
    }

    /**
     * 9P over {@code in} and {@code out}, replies read from {@code in}; {@code channel} is closed
     * when the transport is (it must unblock a read of {@code in}), and {@code peer} names the
     * server in errors.
     */
    public static StreamTransport over(
            InputStream in, OutputStream out, Closeable channel, int maxMessage, String peer) {
        return new StreamTransport(in, out, channel, maxMessage, peer);
    }

    /** Connects to the 9P server at {@code address}. */
    public static StreamTransport connect(InetSocketAddress address) throws IOException {
        return connect(address, DEFAULT_MAX_MESSAGE);
    }

    public static StreamTransport connect(InetSocketAddress address, int maxMessage)
            throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MS);
            return new StreamTransport(
                    socket.getInputStream(),
                    socket.getOutputStream(),
                    socket,
                    maxMessage,
                    socket.getRemoteSocketAddress().toString());
        } catch (IOException e) {
            socket.close();
            throw new IOException(
                    "cannot reach the 9P server at " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int maxMessageSize() {
        return maxMessage;
    }

    @Override
    public CompletionStage<ByteBuffer> exchange(ByteBuffer tmessage) {
        var reply = new CompletableFuture<ByteBuffer>();
        ByteBuffer msg = tmessage.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (msg.remaining() < NinePWire.HEADER || msg.remaining() > maxMessage) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException(
                            "a T-message of "
                                    + msg.remaining()
                                    + " bytes (7.."
                                    + maxMessage
                                    + ")"));
        }
        int tag = msg.getShort(5) & 0xFFFF;
        if (waiting.putIfAbsent(tag, reply) != null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("tag " + tag + " is already outstanding"));
        }
        IOException failed = failure;
        if (failed != null) {
            waiting.remove(tag);
            return CompletableFuture.failedFuture(failed);
        }
        try {
            byte[] bytes = new byte[msg.remaining()];
            msg.get(msg.position(), bytes); // a heap or a direct buffer alike
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            fail(new IOException("9P connection to " + peer + " failed: " + e.getMessage(), e));
        }
        return reply;
    }

    private void readReplies() {
        try (var in = new DataInputStream(new BufferedInputStream(this.in, 1 << 16))) {
            while (true) {
                byte[] head = new byte[4];
                in.readFully(head);
                long size =
                        Integer.toUnsignedLong(
                                ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt());
                if (size < NinePWire.HEADER || size > maxMessage) {
                    throw new NinePProtocolException(
                            "a reply's size field says " + size + " bytes (7.." + maxMessage + ")");
                }
                byte[] msg = new byte[(int) size];
                System.arraycopy(head, 0, msg, 0, 4);
                in.readFully(msg, 4, msg.length - 4);
                ByteBuffer reply = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
                int tag = reply.getShort(5) & 0xFFFF;
                CompletableFuture<ByteBuffer> w = waiting.remove(tag);
                if (w == null) {
                    throw new NinePProtocolException(
                            "a reply with tag " + tag + " that no request is waiting for");
                }
                w.complete(reply);
            }
        } catch (EOFException e) {
            fail(new IOException("the 9P server at " + peer + " closed the connection"));
        } catch (IOException e) {
            fail(
                    failure != null
                            ? failure
                            : e instanceof NinePProtocolException
                                    ? e
                                    : new IOException(
                                            "9P connection to "
                                                    + peer
                                                    + " failed: "
                                                    + e.getMessage(),
                                            e));
        }
    }

    private void fail(IOException why) {
        if (failure == null) {
            failure = why;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a channel that failed: nothing more to learn
        }
        waiting.values().forEach(w -> w.completeExceptionally(failure));
        waiting.clear();
    }

    @Override
    public void close() {
        fail(new IOException("the 9P connection to " + peer + " is closed"));
    }
}
