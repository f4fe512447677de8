package honk.storage.ninep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-ahead: a long read keeps several Treads in flight on a server that answers each after a
 * delay, stops at the end of the file, and gives every tag back.
 */
@Timeout(60)
class NinePReadAheadTest {
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    /**
     * A file of {@code content} served by Treads answered 2 ms late; counts what is in flight at
     * most.
     */
    private final class SlowFile implements NinePTransport {
        final byte[] content;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        SlowFile(byte[] content) {
            this.content = content;
        }

        public int maxMessageSize() {
            return 8192;
        }

        public CompletionStage<ByteBuffer> exchange(ByteBuffer t) {
            ByteBuffer m = t.slice().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer r =
                    switch (ScriptedTransport.type(m)) {
                        case NinePWire.TVERSION ->
                                ScriptedTransport.reply(
                                        m,
                                        NinePWire.TVERSION + 1,
                                        e -> e.u32(8192).str(NinePWire.VERSION));
                        case NinePWire.TATTACH ->
                                ScriptedTransport.reply(
                                        m,
                                        NinePWire.TATTACH + 1,
                                        e -> ScriptedTransport.qid(e, Qid.QTDIR, 1));
                        case NinePWire.TREAD -> {
                            int from = (int) Math.min(m.getLong(11), content.length);
                            int n = Math.min(m.getInt(19), content.length - from);
                            yield ScriptedTransport.reply(
                                    m, NinePWire.TREAD + 1, e -> e.data(content, from, n));
                        }
                        case NinePWire.TWALK ->
                                ScriptedTransport.reply(m, NinePWire.TWALK + 1, e -> e.u16(0));
                        default ->
                                ScriptedTransport.reply(
                                        m, ScriptedTransport.type(m) + 1, e -> {}); // Rclunk
                    };
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            var reply = new CompletableFuture<ByteBuffer>();
            later.schedule(
                    () -> {
                        inFlight.decrementAndGet();
                        reply.complete(r);
                    },
                    2,
                    TimeUnit.MILLISECONDS);
            return reply;
        }

        public void close() {}
    }

    @Test
    void aLongReadKeepsSeveralTreadsInFlightAndStopsAtTheEnd() throws Exception {
        byte[] content = new byte[200_000];
        new Random(4).nextBytes(content);
        var server = new SlowFile(content);
        NinePClient c = NinePClient.connect(server, "u", 0, 0, "/");
        assertArrayEquals(content, c.readFully(c.root(), 0, content.length));
        assertEquals(NinePClient.READ_AHEAD, server.most.get(), "Treads in flight at most");
        assertArrayEquals(
                Arrays.copyOfRange(content, 150_000, 200_000),
                c.readFully(c.root(), 150_000, 1 << 20),
                "a read past the end returns what there is");
        assertEquals(
                NinePClient.TAGS,
                c.tagsFree(),
                "every tag came back, the ones read past the end too");
    }
}
