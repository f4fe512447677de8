package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.ninep.NinePTransport;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

class NineProbeTest {
    /** Records each T-message and answers with {@code server}. */
    private static final class Scripted implements NinePTransport {
        final List<ByteBuffer> sent = new ArrayList<>();
        final Function<ByteBuffer, ByteBuffer> server;

        Scripted(Function<ByteBuffer, ByteBuffer> server) {
            this.server = server;
        }

        public int maxMessageSize() {
            return 8192;
        }

        public CompletionStage<ByteBuffer> exchange(ByteBuffer t) {
            ByteBuffer copy =
                    ByteBuffer.allocate(t.remaining())
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .put(t.duplicate())
                            .flip();
            sent.add(copy);
            return CompletableFuture.completedFuture(server.apply(copy));
        }

        public void close() {}
    }

    private static ByteBuffer reply(byte type, short tag, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(7 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(7 + body.length).put(type).putShort(tag).put(body).flip();
    }

    private static ByteBuffer server(ByteBuffer t) {
        return switch (t.get(4)) {
            case NineProbe.TVERSION -> {
                ByteBuffer body =
                        ByteBuffer.allocate(4 + 2 + 8)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putInt(4096)
                                .putShort((short) 8)
                                .put("9P2000.L".getBytes());
                yield reply(NineProbe.RVERSION, t.getShort(5), body.array());
            }
            case NineProbe.TATTACH -> {
                ByteBuffer qid =
                        ByteBuffer.allocate(13)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .put((byte) 0x80)
                                .putInt(7)
                                .putLong(42);
                yield reply(NineProbe.RATTACH, t.getShort(5), qid.array());
            }
            default -> reply(NineProbe.RCLUNK, t.getShort(5), new byte[0]);
        };
    }

    @Test
    void theHandshakeIsEncodedAsThe9PSpecSaysAndItsRepliesDecoded() throws Exception {
        var t = new Scripted(NineProbeTest::server);
        String line = NineProbe.run(t).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(
                "9p: Rversion msize=4096 version=9P2000.L; Rattach root qid type 0x80 version 7"
                        + " path 42; Rclunk",
                line);
        ByteBuffer version = t.sent.get(0);
        assertEquals(version.limit(), version.getInt(0));
        assertEquals((short) 0xffff, version.getShort(5)); // NOTAG
        assertEquals(8192, version.getInt(7));
        ByteBuffer attach = t.sent.get(1);
        assertEquals(-1, attach.getInt(11)); // afid: NOFID
        assertEquals(3, t.sent.size());
    }

    @Test
    void anRlerrorIsReportedWithItsErrno() {
        var t =
                new Scripted(m ->
                        m.get(4) == NineProbe.TATTACH
                                ? reply(NineProbe.RLERROR, m.getShort(5), new byte[] {13, 0, 0, 0})
                                : server(m));
        var e =
                assertThrows(
                        ExecutionException.class,
                        () -> NineProbe.run(t).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(
                e.getCause().getMessage().contains("Tattach failed: Rlerror errno 13"),
                e.getCause().getMessage());
    }
}
