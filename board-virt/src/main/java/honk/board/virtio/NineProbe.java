package honk.board.virtio;

import honk.storage.ninep.NinePTransport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * A raw 9P2000.L handshake encoded by hand, to prove a transport without the client: Tversion, then
 * Tattach of fid 0 to the share's root, then Tclunk of it. Answers one line naming the negotiated
 * msize, the version and the root's qid. Pure Java over any transport.
 */
public final class NineProbe {
    static final byte TVERSION = 100;
    static final byte RVERSION = 101;
    static final byte TATTACH = 104;
    static final byte RATTACH = 105;
    static final byte TCLUNK = 120;
    static final byte RCLUNK = 121;
    static final byte RLERROR = 7;
    private static final short NOTAG = (short) 0xffff;
    private static final int NOFID = -1;

    private NineProbe() {}

    public static CompletionStage<String> run(NinePTransport t) {
        ByteBuffer version = message(TVERSION, NOTAG, 4 + 2 + 8).putInt(t.maxMessageSize());
        putString(version, "9P2000.L");
        return t.exchange(version.flip())
                .thenCompose(rv -> {
                    expect(rv, RVERSION, "Tversion");
                    int msize = rv.getInt(7);
                    String v = string(rv, 11);
                    ByteBuffer attach =
                            message(TATTACH, (short) 1, 4 + 4 + 2 + 4 + 2 + 4)
                                    .putInt(0)
                                    .putInt(NOFID);
                    putString(attach, "root");
                    putString(attach, "");
                    attach.putInt(0);
                    return t.exchange(attach.flip())
                            .thenCompose(ra -> {
                                expect(ra, RATTACH, "Tattach");
                                String qid =
                                        String.format(
                                                "type 0x%02x version %d path %d",
                                                ra.get(7) & 0xff,
                                                ra.getInt(8) & 0xffffffffL,
                                                ra.getLong(12));
                                return t.exchange(message(TCLUNK, (short) 2, 4).putInt(0).flip())
                                        .thenApply(rc -> {
                                            expect(rc, RCLUNK, "Tclunk");
                                            return "9p: Rversion msize="
                                                    + msize
                                                    + " version="
                                                    + v
                                                    + "; Rattach root qid "
                                                    + qid
                                                    + "; Rclunk";
                                        });
                            });
                });
    }

    private static ByteBuffer message(byte type, short tag, int body) {
        ByteBuffer b = ByteBuffer.allocate(7 + body).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(7 + body).put(type).putShort(tag);
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length).put(bytes);
    }

    private static String string(ByteBuffer b, int at) {
        int len = b.getShort(at) & 0xffff;
        if (at + 2 + len > b.limit()) {
            throw new IllegalStateException("9p: a string runs past the reply");
        }
        return new String(b.array(), at + 2, len, StandardCharsets.UTF_8);
    }

    private static void expect(ByteBuffer r, byte type, String request) {
        r.order(ByteOrder.LITTLE_ENDIAN);
        if (r.get(4) == RLERROR && r.limit() >= 11) {
            throw new IllegalStateException(
                    "9p: " + request + " failed: Rlerror errno " + r.getInt(7));
        }
        if (r.get(4) != type || r.limit() < 7) {
            throw new IllegalStateException(
                    "9p: " + request + " answered with type " + r.get(4) + ", expected " + type);
        }
    }
}
