package honk.storage.kv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The KV store's on-disk format. The device (a slice) is: block 0 and block 1, the two superblock
 * slots (double-buffered: a new superblock goes to the slot of its generation's parity, so a torn
 * write leaves the other intact); then two equal log regions. A superblock names the active region,
 * the sequence number its log starts at (the floor) and the region's nonce, a random number drawn
 * each time a region's log is begun (format, compaction, reset): a batch counts only if it carries
 * the nonce and the next sequence number, so nothing from an earlier life of a region, or from a
 * compaction that crashed before its superblock, is ever replayed. The log is batches, each
 * starting on a block boundary: a 32-byte header (magic, record count, first sequence number,
 * nonce, payload length, CRC-32C of header and payload) and the records (type, key length, value
 * length, key, value). Little-endian. Pure Java.
 */
final class KvFormat {
    static final long SUPER_MAGIC = 0x31305656_4b4e4f48L; // "HONKVV01"
    static final int BATCH_MAGIC = 0x4256_4b48; // "HKVB"
    static final int SUPER_BYTES = 44; // magic, generation, region, floor, nonce, reserved, CRC
    static final int HEADER_BYTES = 32;
    static final int RECORD_HEADER_BYTES = 7; // type u8, key length u16, value length u32
    static final byte PUT = 1;
    static final byte DELETE = 2;

    private KvFormat() {}

    /** A superblock: which region is live, where its log starts, its nonce. */
    record Super(long generation, int region, long floor, long nonce) {}

    /** A batch header as read from disk; {@code crc} is checked against the payload separately. */
    record Header(int count, long firstSeq, long nonce, int payloadBytes, int crc) {
        int blocks(int blockSize) {
            return (int) ((HEADER_BYTES + (long) payloadBytes + blockSize - 1) / blockSize);
        }
    }

    static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] encodeSuper(Super s, int blockSize) {
        ByteBuffer b = le(ByteBuffer.allocate(blockSize));
        b.putLong(SUPER_MAGIC)
                .putLong(s.generation())
                .putInt(s.region())
                .putLong(s.floor())
                .putLong(s.nonce());
        b.putInt(0); // reserved
        var crc = new CRC32C();
        crc.update(b.array(), 0, SUPER_BYTES - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The superblock in {@code block}, or null when it is torn, blank or not one of ours. */
    static Super decodeSuper(byte[] block) {
        ByteBuffer b = le(ByteBuffer.wrap(block));
        if (b.getLong(0) != SUPER_MAGIC) {
            return null;
        }
        var crc = new CRC32C();
        crc.update(block, 0, SUPER_BYTES - 4);
        if ((int) crc.getValue() != b.getInt(SUPER_BYTES - 4)) {
            return null;
        }
        int region = b.getInt(16);
        if (region != 0 && region != 1) {
            return null;
        }
        return new Super(b.getLong(8), region, b.getLong(20), b.getLong(28));
    }

    /** Bytes a record takes in a batch. */
    static int recordBytes(KvOp op) {
        int key = op.key().getBytes(StandardCharsets.UTF_8).length;
        return RECORD_HEADER_BYTES + key + (op instanceof KvOp.Put p ? p.value().length : 0);
    }

    /**
     * Encodes {@code ops} as one batch padded to whole blocks. {@code valueOffsets} receives, per
     * op, the offset of its value from the start of the batch (-1 for a delete).
     */
    static ByteBuffer encodeBatch(
            java.util.List<KvOp> ops,
            long firstSeq,
            long nonce,
            int blockSize,
            long[] valueOffsets) {
        long payload = 0;
        for (KvOp op : ops) {
            payload += recordBytes(op);
        }
        long total = HEADER_BYTES + payload;
        long padded = (total + blockSize - 1) / blockSize * blockSize;
        if (padded > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch of " + total + " bytes is too large");
        }
        ByteBuffer b = le(ByteBuffer.allocate((int) padded));
        b.position(HEADER_BYTES);
        for (int i = 0; i < ops.size(); i++) {
            KvOp op = ops.get(i);
            byte[] key = op.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = op instanceof KvOp.Put p ? p.value() : new byte[0];
            b.put(op instanceof KvOp.Put ? PUT : DELETE)
                    .putShort((short) key.length)
                    .putInt(value.length)
                    .put(key);
            valueOffsets[i] = op instanceof KvOp.Put ? b.position() : -1;
            b.put(value);
        }
        b.putInt(0, BATCH_MAGIC)
                .putInt(4, ops.size())
                .putLong(8, firstSeq)
                .putLong(16, nonce)
                .putInt(24, (int) payload);
        var crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        crc.update(b.array(), HEADER_BYTES, (int) payload);
        b.putInt(28, (int) crc.getValue());
        b.position(0);
        return b;
    }

    /** The header at the start of {@code block}, or null when the block does not start a batch. */
    static Header decodeHeader(ByteBuffer block) {
        ByteBuffer b = le(block.duplicate());
        if (b.getInt(0) != BATCH_MAGIC) {
            return null;
        }
        int count = b.getInt(4);
        int payload = b.getInt(24);
        if (count <= 0 || payload < 0) {
            return null;
        }
        return new Header(count, b.getLong(8), b.getLong(16), payload, b.getInt(28));
    }

    /** Whether the whole batch in {@code batch} (header first) matches its header's CRC. */
    static boolean crcMatches(byte[] batch, Header h) {
        var crc = new CRC32C();
        crc.update(batch, 0, 28);
        crc.update(batch, HEADER_BYTES, h.payloadBytes());
        return (int) crc.getValue() == h.crc();
    }

    static int crc(byte[] data, int offset, int length) {
        var crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}
