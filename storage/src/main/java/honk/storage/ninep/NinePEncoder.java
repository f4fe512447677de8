package honk.storage.ninep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds one T-message: the header, then the body field by field, then {@link #finish} writes the
 * size. The buffer is sized for the message, so a field that does not fit in the negotiated msize
 * is refused here ({@link IllegalArgumentException}) rather than sent. Not thread-safe: one
 * message, one encoder. Pure Java.
 */
final class NinePEncoder {
    private final ByteBuffer buf;

    /** A message of {@code type} with {@code tag}, at most {@code limit} bytes long. */
    NinePEncoder(int type, int tag, int limit) {
        buf = ByteBuffer.allocate(limit).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0).put((byte) type).putShort((short) tag);
    }

    NinePEncoder u8(int v) {
        room(1).put((byte) v);
        return this;
    }

    NinePEncoder u16(int v) {
        room(2).putShort((short) v);
        return this;
    }

    NinePEncoder u32(int v) {
        room(4).putInt(v);
        return this;
    }

    NinePEncoder u64(long v) {
        room(8).putLong(v);
        return this;
    }

    /** A string: len[2] and its UTF-8 bytes. */
    NinePEncoder str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException(
                    "a 9P string holds at most 65535 bytes, not " + b.length);
        }
        room(2 + b.length).putShort((short) b.length).put(b);
        return this;
    }

    /** Raw bytes (a Twrite's data), after their count[4]. */
    NinePEncoder data(byte[] b, int off, int len) {
        room(4 + len).putInt(len).put(b, off, len);
        return this;
    }

    private ByteBuffer room(int n) {
        if (buf.remaining() < n) {
            throw new IllegalArgumentException(
                    NinePWire.name(buf.get(4))
                            + " does not fit in "
                            + buf.capacity()
                            + " bytes (msize)");
        }
        return buf;
    }

    /** The message, size field written, ready to send (position 0, limit its end). */
    ByteBuffer finish() {
        buf.putInt(0, buf.position());
        return buf.flip();
    }
}
