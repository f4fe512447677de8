package honk.storage.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The TCP transport against a scripted peer: replies matched by tag in any order, and framing that
 * breaks the protocol refused.
 */
@Timeout(30)
class StreamTransportTest {
    /**
     * A one-connection server on loopback that hands each T-message it reads, and the socket's
     * output, to {@code script}.
     */
    private static InetSocketAddress server(
            int messages, BiConsumer<List<ByteBuffer>, OutputStream> script) throws Exception {
        var listener = new ServerSocket(0);
        Thread.ofVirtual()
                .start(() -> {
                    try (listener;
                            var s = listener.accept();
                            var in = new DataInputStream(s.getInputStream())) {
                        var got = new ArrayList<ByteBuffer>();
                        for (int i = 0; i < messages; i++) {
                            byte[] size = new byte[4];
                            in.readFully(size);
                            byte[] m =
                                    new byte
                                            [ByteBuffer.wrap(size)
                                                    .order(ByteOrder.LITTLE_ENDIAN)
                                                    .getInt()];
                            System.arraycopy(size, 0, m, 0, 4);
                            in.readFully(m, 4, m.length - 4);
                            got.add(ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN));
                        }
                        script.accept(got, s.getOutputStream());
                        in.transferTo(
                                OutputStream.nullOutputStream()); // holds the connection until the
                        // client hangs up
                    } catch (Exception e) {
                        // the test sees what the client saw
                    }
                });
        return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    private static ByteBuffer tclunk(int tag) {
        return new NinePEncoder(NinePWire.TCLUNK, tag, 16).u32(tag).finish();
    }

    private static void send(OutputStream out, ByteBuffer m) {
        try {
            out.write(m.array(), 0, m.limit());
            out.flush();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable failure(CompletableFuture<ByteBuffer> f) {
        return assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void repliesFindTheirRequestsByTagInAnyOrder() throws Exception {
        var address =
                server(
                        20,
                        (got, out) -> {
                            var shuffled = new ArrayList<>(got);
                            Collections.shuffle(shuffled);
                            shuffled.forEach(t ->
                                    send(
                                            out,
                                            new NinePEncoder(
                                                            NinePWire.TCLUNK + 1, t.getShort(5), 16)
                                                    .u32(t.getShort(5))
                                                    .finish()));
                        });
        try (var transport = StreamTransport.connect(address)) {
            var replies = new ArrayList<CompletableFuture<ByteBuffer>>();
            for (int tag = 0; tag < 20; tag++) {
                replies.add(transport.exchange(tclunk(tag)).toCompletableFuture());
            }
            for (int tag = 0; tag < 20; tag++) {
                ByteBuffer r = replies.get(tag).get(10, TimeUnit.SECONDS);
                assertEquals(tag, r.getShort(5));
                assertEquals(tag, r.getInt(7), "the body that came with the tag");
            }
        }
    }

    @Test
    void aReplyWithATagNobodyWaitsForClosesTheConnectionWithTheReason() throws Exception {
        var address =
                server(
                        1,
                        (got, out) ->
                                send(out, new NinePEncoder(NinePWire.TCLUNK + 1, 99, 16).finish()));
        try (var transport = StreamTransport.connect(address)) {
            var f = transport.exchange(tclunk(1)).toCompletableFuture();
            var e = assertInstanceOf(NinePProtocolException.class, failure(f));
            assertEquals("9P: a reply with tag 99 that no request is waiting for", e.getMessage());
            assertEquals(
                    e,
                    failure(transport.exchange(tclunk(2)).toCompletableFuture()),
                    "later exchanges fail the same way");
        }
    }

    @Test
    void aSizeFieldPastTheLimitOrUnderAHeaderIsRefused() throws Exception {
        for (int size : new int[] {StreamTransport.DEFAULT_MAX_MESSAGE + 1, 3, -1}) {
            var address =
                    server(
                            1,
                            (got, out) ->
                                    send(
                                            out,
                                            ByteBuffer.allocate(8)
                                                    .order(ByteOrder.LITTLE_ENDIAN)
                                                    .putInt(size)
                                                    .flip()));
            try (var transport = StreamTransport.connect(address)) {
                var e =
                        assertInstanceOf(
                                NinePProtocolException.class,
                                failure(transport.exchange(tclunk(1)).toCompletableFuture()));
                assertEquals(
                        "9P: a reply's size field says "
                                + Integer.toUnsignedString(size)
                                + " bytes (7.."
                                + StreamTransport.DEFAULT_MAX_MESSAGE
                                + ")",
                        e.getMessage());
            }
        }
    }

    @Test
    void aServerThatHangsUpFailsEveryOutstandingExchange() throws Exception {
        var address =
                server(
                        2,
                        (got, out) -> {
                            throw new IllegalStateException("hang up");
                        });
        try (var transport = StreamTransport.connect(address)) {
            var a = transport.exchange(tclunk(1)).toCompletableFuture();
            var b = transport.exchange(tclunk(2)).toCompletableFuture();
            assertEquals(failure(a).getMessage(), failure(b).getMessage());
            assertEquals(
                    true,
                    failure(a).getMessage().contains("closed the connection"),
                    failure(a).getMessage());
        }
        var refused =
                assertThrows(
                        java.io.IOException.class,
                        () -> StreamTransport.connect(new InetSocketAddress("127.0.0.1", 1)));
        assertEquals(
                true,
                refused.getMessage().startsWith("cannot reach the 9P server at /127.0.0.1:1"),
                refused.getMessage());
    }
}
