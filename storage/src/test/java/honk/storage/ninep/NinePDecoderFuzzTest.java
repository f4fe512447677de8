package honk.storage.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fuzzes the reply decoder through the client: every operation is answered with random bytes, or
 * with a well-formed reply that has been mutated (bytes flipped, cut short, lengthened, its size,
 * tag or type changed, counts inflated). Whatever comes back, an operation either succeeds or fails
 * with an {@link IOException} (a {@link NinePException} for a bad reply); nothing else is ever
 * thrown (no out-of-bounds read, no huge allocation), and no fid or tag is left held. Seeded, so a
 * failure names the case that reproduces it.
 */
@Timeout(120)
class NinePDecoderFuzzTest {
    private static final int CASES = 30_000;

    /** A well-formed reply to {@code t}, as a server that knows 9P2000.L would give it. */
    private static ByteBuffer valid(ByteBuffer t, Random r) {
        int type = ScriptedTransport.type(t);
        int rtype = type + 1;
        return ScriptedTransport.reply(
                t,
                rtype,
                e -> {
                    switch (type) {
                        case NinePWire.TWALK -> {
                            int n = t.getShort(t.position() + 15) & 0xFFFF;
                            e.u16(n);
                            for (int i = 0; i < n; i++) {
                                ScriptedTransport.qid(
                                        e, r.nextBoolean() ? Qid.QTDIR : 0, r.nextLong());
                            }
                        }
                        case NinePWire.TLOPEN, NinePWire.TLCREATE ->
                                ScriptedTransport.qid(e, 0, 1).u32(r.nextInt(9000));
                        case NinePWire.TREAD -> {
                            byte[] d = new byte[r.nextInt(64)];
                            e.data(d, 0, d.length);
                        }
                        case NinePWire.TWRITE -> e.u32(r.nextInt(100));
                        case NinePWire.TREADDIR -> {
                            var inner = new NinePEncoder(0, 0, 512);
                            for (int i = r.nextInt(4); i > 0; i--) {
                                ScriptedTransport.qid(inner, 0, i).u64(i).u8(8).str("n" + i);
                            }
                            ByteBuffer b = inner.finish().position(NinePWire.HEADER);
                            byte[] d = new byte[b.remaining()];
                            b.get(d);
                            e.data(d, 0, d.length);
                        }
                        case NinePWire.TGETATTR -> {
                            e.u64(0x7ff);
                            ScriptedTransport.qid(e, 0, 3).u32(0100644).u32(0).u32(0);
                            for (int i = 0; i < 15; i++) {
                                e.u64(i == 2 ? r.nextInt(200) : r.nextLong());
                            }
                        }
                        case NinePWire.TMKDIR -> ScriptedTransport.qid(e, Qid.QTDIR, 4);
                        default -> {} // Rclunk, Rremove, Rrename, Rrenameat, Runlinkat: no body
                    }
                });
    }

    /** {@code good}, broken in one of several ways. */
    private static ByteBuffer mutate(ByteBuffer good, Random r) {
        byte[] b = new byte[good.remaining()];
        good.get(b);
        switch (r.nextInt(8)) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // cut short
            case 1 ->
                    b =
                            java.util.Arrays.copyOf(
                                    b, b.length + 1 + r.nextInt(40)); // lengthened, size kept
            case 2 ->
                    ByteBuffer.wrap(b)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .putInt(0, r.nextInt()); // a size field
            case 3 -> b[5] ^= (byte) (1 + r.nextInt(255)); // another tag
            case 4 -> b[4] = (byte) r.nextInt(256); // another type
            case 5 -> { // a count or length field made huge
                if (b.length > 9) {
                    int at = 7 + r.nextInt(b.length - 9);
                    b[at] = (byte) 0xFF;
                    b[at + 1] = (byte) 0xFF;
                }
            }
            default -> {
                for (int i = 1 + r.nextInt(3); i > 0 && b.length > 0; i--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return ByteBuffer.wrap(b);
    }

    private interface Op {
        void run(NinePClient c, NinePFiles f) throws IOException;
    }

    private static final List<Op> OPS =
            List.of(
                    (c, f) -> f.stat(List.of("a", "b")),
                    (c, f) -> f.list(List.of("dir")),
                    (c, f) -> f.read(List.of("file"), 0, -1),
                    (c, f) -> f.read(List.of("file"), 5, 100),
                    (c, f) -> f.write(List.of("d", "file"), new byte[300]),
                    (c, f) -> f.mkdir(List.of("d", "new")),
                    (c, f) -> f.remove(List.of("d", "old")),
                    (c, f) -> f.rename(List.of("a", "x"), List.of("b", "y")),
                    (c, f) -> {
                        var deep = new ArrayList<String>();
                        for (int i = 0; i < 35; i++) {
                            deep.add("n" + i);
                        }
                        c.walk(c.root(), deep).close();
                    },
                    (c, f) -> c.readdir(c.root(), 0),
                    (c, f) -> c.getattr(c.root()));

    @Test
    void noReplyMakesTheClientThrowAnythingButAnIoErrorOrLeakAFid() throws Exception {
        var seeds = new Random(20_260_701L);
        int succeeded = 0;
        int refused = 0;
        for (int n = 0; n < CASES; n++) {
            long seed = seeds.nextLong();
            var r = new Random(seed);
            int mode = r.nextInt(4); // 0: random bytes; else a mutated reply, and some replies left
            // intact
            NinePClient c =
                    ScriptedTransport.client(t -> {
                        if (mode == 0 && r.nextInt(3) == 0) {
                            byte[] junk = new byte[r.nextInt(80)];
                            r.nextBytes(junk);
                            return ByteBuffer.wrap(junk);
                        }
                        ByteBuffer good = valid(t, r);
                        return r.nextInt(3) == 0 ? good : mutate(good, r);
                    });
            Op op = OPS.get(r.nextInt(OPS.size()));
            try {
                op.run(c, new NinePFiles(c));
                succeeded++;
            } catch (IOException e) {
                refused++;
            } catch (Throwable t) {
                fail("case " + n + " (seed " + seed + "): " + t, t);
            }
            assertEquals(1, c.openFids(), "case " + n + " (seed " + seed + ") left a fid open");
            assertEquals(
                    NinePClient.TAGS,
                    c.tagsFree(),
                    "case " + n + " (seed " + seed + ") kept a tag");
        }
        System.out.println(
                "fuzz: "
                        + CASES
                        + " cases, "
                        + succeeded
                        + " succeeded, "
                        + refused
                        + " refused with an IOException");
        if (succeeded == 0 || refused == 0) {
            fail(
                    "the fuzzer should see both outcomes: "
                            + succeeded
                            + " succeeded, "
                            + refused
                            + " refused");
        }
    }
}
