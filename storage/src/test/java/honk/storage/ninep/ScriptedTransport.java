package honk.storage.ninep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A transport whose server is a function: Tversion and Tattach are answered as a real server would,
 * every other T-message by {@code answer} (any bytes at all, which is the point: the client must
 * survive whatever comes back). For the codec's tests and the decoder's fuzzing.
 */
final class ScriptedTransport implements NinePTransport {
    static final int MSIZE = 8192;
    private final Function<ByteBuffer, ByteBuffer> answer;

    ScriptedTransport(Function<ByteBuffer, ByteBuffer> answer) {
        this.answer = answer;
    }

    /** A client attached through a transport answering with {@code answer}. */
    static NinePClient client(Function<ByteBuffer, ByteBuffer> answer) throws Exception {
        return NinePClient.connect(new ScriptedTransport(answer), "test", 0, 0, "/export");
    }

    static int type(ByteBuffer t) {
        return t.get(t.position() + 4) & 0xFF;
    }

    static int tag(ByteBuffer t) {
        return t.order(ByteOrder.LITTLE_ENDIAN).getShort(t.position() + 5) & 0xFFFF;
    }

    /** An R-message of {@code type} answering {@code t}, its body written by {@code body}. */
    static ByteBuffer reply(
            ByteBuffer t, int type, java.util.function.Consumer<NinePEncoder> body) {
        var e = new NinePEncoder(type, tag(t), MSIZE * 2);
        body.accept(e);
        return e.finish();
    }

    static NinePEncoder qid(NinePEncoder e, int type, long path) {
        return e.u8(type).u32(1).u64(path);
    }

    @Override
    public int maxMessageSize() {
        return MSIZE;
    }

    @Override
    public CompletionStage<ByteBuffer> exchange(ByteBuffer t) {
        ByteBuffer msg = t.slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer r =
                switch (type(msg)) {
                    case NinePWire.TVERSION ->
                            reply(
                                    msg,
                                    NinePWire.TVERSION + 1,
                                    e -> e.u32(MSIZE).str(NinePWire.VERSION));
                    case NinePWire.TATTACH ->
                            reply(msg, NinePWire.TATTACH + 1, e -> qid(e, Qid.QTDIR, 1));
                    default -> answer.apply(msg);
                };
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public void close() {}
}
