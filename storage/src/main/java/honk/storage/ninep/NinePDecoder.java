package honk.storage.ninep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one R-message, trusting nothing in it. {@link #open} checks the header against the request
 * (length, size field, tag, type) and turns an Rlerror into a {@link NinePErrorException}; each
 * getter then checks that its field lies inside the message, and {@link #end} that nothing is left
 * over. Every failure is a {@link NinePProtocolException} naming the message and the field; no read
 * ever leaves the buffer. Not thread-safe: one reply, one decoder. Pure Java.
 */
final class NinePDecoder {
    private final ByteBuffer buf;
    private final String what; // "Rread (tag 3)"

    private NinePDecoder(ByteBuffer buf, String what) {
        this.buf = buf;
        this.what = what;
    }

    /**
     * The body of {@code reply}, which must be an R-message of {@code rtype} (the T-type + 1) with
     * {@code tag}. An Rlerror becomes a {@link NinePErrorException} with its errno.
     */
    static NinePDecoder open(ByteBuffer reply, int rtype, int tag) throws NinePException {
        ByteBuffer b = reply.slice().order(ByteOrder.LITTLE_ENDIAN);
        String expected = NinePWire.name(rtype) + " (tag " + tag + ")";
        if (b.remaining() < NinePWire.HEADER) {
            throw new NinePProtocolException(
                    "a reply of "
                            + b.remaining()
                            + " bytes is shorter than a 9P header (7)"
                            + " where "
                            + expected
                            + " was due");
        }
        long size = Integer.toUnsignedLong(b.getInt(0));
        if (size != b.remaining()) {
            throw new NinePProtocolException(
                    "the reply's size field says "
                            + size
                            + " bytes but it has "
                            + b.remaining()
                            + " where "
                            + expected
                            + " was due");
        }
        int type = b.get(4) & 0xFF;
        int got = b.getShort(5) & 0xFFFF;
        if (got != tag) {
            throw new NinePProtocolException(
                    "a reply with tag "
                            + got
                            + " ("
                            + NinePWire.name(type)
                            + ") came where "
                            + expected
                            + " was due");
        }
        b.position(NinePWire.HEADER);
        if (type == NinePWire.RLERROR) {
            var d = new NinePDecoder(b, "Rlerror (tag " + tag + ")");
            int errno = d.u32();
            d.end();
            throw new NinePErrorException(NinePWire.name(rtype - 1), errno);
        }
        if (type != rtype) {
            throw new NinePProtocolException(
                    "a reply of " + NinePWire.name(type) + " came where " + expected + " was due");
        }
        return new NinePDecoder(b, expected);
    }

    private ByteBuffer need(int n, String field) throws NinePProtocolException {
        if (n < 0 || buf.remaining() < n) {
            throw new NinePProtocolException(
                    what
                            + ": "
                            + field
                            + " needs "
                            + Integer.toUnsignedString(n)
                            + " bytes but "
                            + buf.remaining()
                            + " are left in the message");
        }
        return buf;
    }

    int u8() throws NinePProtocolException {
        return need(1, "a u8").get() & 0xFF;
    }

    int u16() throws NinePProtocolException {
        return need(2, "a u16").getShort() & 0xFFFF;
    }

    int u32() throws NinePProtocolException {
        return need(4, "a u32").getInt();
    }

    long u64() throws NinePProtocolException {
        return need(8, "a u64").getLong();
    }

    /** A string: len[2] then that many bytes of valid UTF-8. */
    String str() throws NinePProtocolException {
        int len = u16();
        byte[] b = new byte[len];
        need(len, "a string of " + len + " bytes").get(b);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NinePProtocolException(what + ": a string that is not valid UTF-8");
        }
    }

    Qid qid() throws NinePProtocolException {
        need(NinePWire.QID, "a qid");
        return new Qid(u8(), u32(), u64());
    }

    /** count[4] then that many bytes, at most {@code max} (what was asked for). */
    byte[] data(int max) throws NinePProtocolException {
        long count = Integer.toUnsignedLong(u32());
        if (count > max) {
            throw new NinePProtocolException(
                    what + ": count " + count + " is more than the " + max + " bytes asked for");
        }
        byte[] b = new byte[(int) count];
        need((int) count, "a count of " + count).get(b);
        return b;
    }

    /** The count[4] bytes that follow, as a decoder of their own (a readdir's entries). */
    NinePDecoder sub(int max) throws NinePProtocolException {
        return new NinePDecoder(
                ByteBuffer.wrap(data(max)).order(ByteOrder.LITTLE_ENDIAN), what + " entries");
    }

    boolean hasMore() {
        return buf.hasRemaining();
    }

    /** Checks that the message ends here. */
    void end() throws NinePProtocolException {
        if (buf.hasRemaining()) {
            throw new NinePProtocolException(
                    what + ": " + buf.remaining() + " bytes left over after the last field");
        }
    }
}
