package honk.storage.kv;

import honk.storage.block.BlockPort;

import scala.Tuple2;
import scala.collection.immutable.HashMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The log-structured KV store on one block device (format: {@link KvFormat}). Writes are committed
 * in batches: one device write and one flush per batch, and a write counts only once its flush
 * returned. Replay on open stops at the first batch that is torn (CRC), stale (another nonce) or
 * out of sequence. Compaction rewrites the live set into the other region and switches the
 * superblock with one block write, flushing before it. Values up to {@link #INLINE_MAX} bytes are
 * kept in memory; larger ones stay on disk and are verified on every read.
 *
 * <p>Threads: {@link #commit}, {@link #compact} and {@link #reset} are called by one owner (the
 * appender actor). {@link #get} may be called from any thread: it reads a published immutable index
 * and never waits for the owner's batches, only for a device access in progress. A failed device
 * write or flush leaves the log unusable (every later call fails): the owner must reopen it from
 * disk, never carry on. Pure Java over {@link BlockPort}.
 */
public final class KvLog {
    /** Values up to this size are kept in memory as well as on disk. */
    public static final int INLINE_MAX = 256;

    /** Compaction writes the live set in batches of about this many bytes. */
    static final int COMPACTION_BATCH_BYTES = 256 << 10;

    private static final int SUPER_SLOTS = 2;

    private final BlockPort port; // every device access synchronizes on it
    private final int blockSize;
    private final long regionBlocks;
    private final LongSupplier nonces;

    // owner-confined
    private KvFormat.Super superblock;
    private long tail; // the next free block of the active region
    private long nextSeq;
    private boolean broken;
    private long batches;
    private long compactions;

    private volatile HashMap<String, KvEntry> index = emptyIndex();

    private KvLog(BlockPort port, LongSupplier nonces) {
        this.port = port;
        this.blockSize = port.blockSize();
        this.regionBlocks = (port.blockCount() - SUPER_SLOTS) / 2;
        this.nonces = nonces;
        if (regionBlocks < 4) {
            throw new IllegalArgumentException(
                    port.describe()
                            + " is too small for a KV store: it needs at least "
                            + (SUPER_SLOTS + 8)
                            + " blocks");
        }
    }

    /** Writes an empty store on {@code port}, whatever it held (a generation above any found). */
    public static KvLog format(BlockPort port, LongSupplier nonces) throws IOException {
        var log = new KvLog(port, nonces);
        KvFormat.Super old = log.readSuper();
        var fresh =
                new KvFormat.Super(
                        old == null ? 1 : old.generation() + 1, 0, 1, nonces.getAsLong());
        log.installSuper(fresh);
        log.superblock = fresh;
        log.nextSeq = 1;
        return log;
    }

    /** Opens the store on {@code port} and replays its log. */
    public static KvLog open(BlockPort port, LongSupplier nonces) throws IOException {
        var log = new KvLog(port, nonces);
        KvFormat.Super s = log.readSuper();
        if (s == null) {
            throw new KvException.NoStore(
                    "no KV store on "
                            + port.describe()
                            + " (blank or another format): format it first");
        }
        log.superblock = s;
        log.replay();
        return log;
    }

    /** Opens the store on {@code port}, formatting it first when it holds none. */
    public static KvLog openOrFormat(BlockPort port, LongSupplier nonces) throws IOException {
        try {
            return open(port, nonces);
        } catch (KvException.NoStore e) {
            return format(port, nonces);
        }
    }

    // ---- reads (any thread)

    /** The value under {@code key}, read from memory or from disk and checked against its CRC. */
    public Optional<byte[]> get(String key) throws IOException {
        while (true) {
            HashMap<String, KvEntry> snapshot = index;
            scala.Option<KvEntry> found = snapshot.get(key);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            KvEntry e = found.get();
            if (e.inline() != null) {
                return Optional.of(e.inline().clone());
            }
            byte[] value = readBytes(e.offset(), e.length());
            if (KvFormat.crc(value, 0, value.length) == e.crc()) {
                return Optional.of(value);
            }
            if (index == snapshot) {
                throw new KvException.Corrupt(
                        "the value of '"
                                + key
                                + "' ("
                                + e.length()
                                + " bytes at byte "
                                + e.offset()
                                + " of "
                                + port.describe()
                                + ") fails its checksum");
            }
            // the owner compacted or reset since the lookup and reused the bytes: look again
        }
    }

    /** The keys, sorted. */
    public List<String> keys() {
        var out = new ArrayList<String>();
        var it = index.keysIterator();
        while (it.hasNext()) {
            out.add(it.next());
        }
        out.sort(null);
        return out;
    }

    public int size() {
        return index.size();
    }

    public KvStats stats() {
        return new KvStats(
                index.size(),
                tail,
                regionBlocks,
                blockSize,
                superblock.generation(),
                nextSeq,
                batches,
                compactions);
    }

    // ---- writes (the owner)

    /**
     * Writes {@code ops} as one batch: one device write, one flush; compacts first when the region
     * is full.
     */
    public void commit(List<KvOp> ops) throws IOException {
        requireUsable();
        if (ops.isEmpty()) {
            return;
        }
        long bytes = KvFormat.HEADER_BYTES;
        for (KvOp op : ops) {
            bytes += KvFormat.recordBytes(op);
        }
        long blocks = (bytes + blockSize - 1) / blockSize;
        if (blocks > regionBlocks) {
            throw new KvException.Full(
                    "a batch of "
                            + bytes
                            + " bytes does not fit a region of "
                            + regionBlocks * blockSize
                            + " bytes");
        }
        if (tail + blocks > regionBlocks) {
            compact();
            if (tail + blocks > regionBlocks) {
                throw new KvException.Full(
                        "the store is full: "
                                + index.size()
                                + " keys take "
                                + tail * blockSize
                                + " of "
                                + regionBlocks * blockSize
                                + " bytes; delete something or use a larger device");
            }
        }
        long[] offsets = new long[ops.size()];
        ByteBuffer batch =
                KvFormat.encodeBatch(ops, nextSeq, superblock.nonce(), blockSize, offsets);
        long at = regionStart(superblock.region()) + tail;
        writeAndFlush(at, batch);
        index = withBatch(index, ops, offsets, batch.array(), at * blockSize, nextSeq);
        tail += blocks;
        nextSeq += ops.size();
        batches++;
    }

    /**
     * Rewrites the live set into the other region under a new nonce, flushes, then makes it the
     * active region with one superblock write and a flush. A crash before that superblock is
     * durable leaves the old region in force, untouched.
     */
    public void compact() throws IOException {
        requireUsable();
        int target = 1 - superblock.region();
        long nonce = nonces.getAsLong();
        long floor = nextSeq;
        long seq = floor;
        long block = 0;
        HashMap<String, KvEntry> fresh = emptyIndex();
        var chunk = new ArrayList<KvOp>();
        long chunkBytes = 0;
        var it = index.iterator();
        while (it.hasNext() || !chunk.isEmpty()) {
            if (it.hasNext()) {
                Tuple2<String, KvEntry> kv = it.next();
                byte[] value = get(kv._1()).orElseThrow();
                chunk.add(new KvOp.Put(kv._1(), value));
                chunkBytes += KvFormat.recordBytes(chunk.getLast());
                if (chunkBytes < COMPACTION_BATCH_BYTES && it.hasNext()) {
                    continue;
                }
            }
            long[] offsets = new long[chunk.size()];
            ByteBuffer batch = KvFormat.encodeBatch(chunk, seq, nonce, blockSize, offsets);
            long blocks = batch.remaining() / blockSize;
            if (block + blocks > regionBlocks) {
                throw new KvException.Full(
                        "the live data does not fit one region of "
                                + regionBlocks * blockSize
                                + " bytes; delete something or use a larger device");
            }
            long at = regionStart(target) + block;
            write(at, batch);
            fresh = withBatch(fresh, chunk, offsets, batch.array(), at * blockSize, seq);
            block += blocks;
            seq += chunk.size();
            chunk.clear();
            chunkBytes = 0;
        }
        var next = new KvFormat.Super(superblock.generation() + 1, target, floor, nonce);
        flush();
        installSuper(next);
        superblock = next;
        tail = block;
        nextSeq = seq;
        index = fresh;
        compactions++;
    }

    /**
     * Clears every key with one superblock write (a new nonce, the same region): crash-safe, since
     * until that write is durable the old superblock and log stand.
     */
    public void reset() throws IOException {
        requireUsable();
        var next =
                new KvFormat.Super(
                        superblock.generation() + 1,
                        superblock.region(),
                        nextSeq,
                        nonces.getAsLong());
        installSuper(next);
        superblock = next;
        tail = 0;
        index = emptyIndex();
    }

    // ---- replay and layout

    private long regionStart(int region) {
        return SUPER_SLOTS + region * regionBlocks;
    }

    private KvFormat.Super readSuper() throws IOException {
        KvFormat.Super best = null;
        for (int slot = 0; slot < SUPER_SLOTS; slot++) {
            KvFormat.Super s = KvFormat.decodeSuper(readBlocks(slot, 1));
            if (s != null && (best == null || s.generation() > best.generation())) {
                best = s;
            }
        }
        return best;
    }

    private void installSuper(KvFormat.Super s) throws IOException {
        writeAndFlush(
                s.generation() % SUPER_SLOTS, ByteBuffer.wrap(KvFormat.encodeSuper(s, blockSize)));
    }

    private void replay() throws IOException {
        long seq = superblock.floor();
        long block = 0;
        long start = regionStart(superblock.region());
        HashMap<String, KvEntry> idx = emptyIndex();
        while (block < regionBlocks) {
            byte[] first = readBlocks(start + block, 1);
            KvFormat.Header h = KvFormat.decodeHeader(ByteBuffer.wrap(first));
            if (h == null
                    || h.nonce() != superblock.nonce()
                    || h.firstSeq() != seq
                    || block + h.blocks(blockSize) > regionBlocks) {
                break; // the end of the log: blank, stale, or a batch from elsewhere
            }
            byte[] batch =
                    h.blocks(blockSize) == 1
                            ? first
                            : readBlocks(start + block, h.blocks(blockSize));
            if (!KvFormat.crcMatches(batch, h)) {
                break; // torn: the batch was never acknowledged
            }
            idx = replayBatch(idx, batch, h, (start + block) * blockSize, seq);
            seq += h.count();
            block += h.blocks(blockSize);
        }
        index = idx;
        tail = block;
        nextSeq = seq;
    }

    /**
     * Applies a CRC-checked batch from disk; records that do not fit it mean a bug or an attack.
     */
    private HashMap<String, KvEntry> replayBatch(
            HashMap<String, KvEntry> idx, byte[] batch, KvFormat.Header h, long base, long firstSeq)
            throws KvException {
        ByteBuffer b =
                KvFormat.le(ByteBuffer.wrap(batch, 0, KvFormat.HEADER_BYTES + h.payloadBytes()));
        b.position(KvFormat.HEADER_BYTES);
        for (int i = 0; i < h.count(); i++) {
            if (b.remaining() < KvFormat.RECORD_HEADER_BYTES) {
                throw corrupt(base, "record " + i + " is cut short");
            }
            byte type = b.get();
            int keyLength = Short.toUnsignedInt(b.getShort());
            int valueLength = b.getInt();
            if (keyLength == 0
                    || valueLength < 0
                    || b.remaining() < (long) keyLength + valueLength
                    || (type != KvFormat.PUT && type != KvFormat.DELETE)) {
                throw corrupt(base, "record " + i + " has a bad type or length");
            }
            String key = new String(batch, b.position(), keyLength, StandardCharsets.UTF_8);
            b.position(b.position() + keyLength);
            int valueAt = b.position();
            b.position(valueAt + valueLength);
            idx =
                    type == KvFormat.DELETE
                            ? idx.removed(key)
                            : idx.updated(
                                    key,
                                    entry(
                                            firstSeq + i,
                                            base + valueAt,
                                            batch,
                                            valueAt,
                                            valueLength));
        }
        return idx;
    }

    private KvException corrupt(long base, String what) {
        return new KvException.Corrupt(
                "the batch at byte "
                        + base
                        + " of "
                        + port.describe()
                        + " passed its checksum but "
                        + what
                        + "; the store cannot be opened");
    }

    private static HashMap<String, KvEntry> withBatch(
            HashMap<String, KvEntry> idx,
            List<KvOp> ops,
            long[] offsets,
            byte[] batch,
            long base,
            long firstSeq) {
        for (int i = 0; i < ops.size(); i++) {
            KvOp op = ops.get(i);
            if (op instanceof KvOp.Put p) {
                idx =
                        idx.updated(
                                p.key(),
                                entry(
                                        firstSeq + i,
                                        base + offsets[i],
                                        batch,
                                        (int) offsets[i],
                                        p.value().length));
            } else {
                idx = idx.removed(op.key());
            }
        }
        return idx;
    }

    private static KvEntry entry(long seq, long offset, byte[] batch, int at, int length) {
        byte[] inline =
                length <= INLINE_MAX ? java.util.Arrays.copyOfRange(batch, at, at + length) : null;
        return new KvEntry(seq, offset, length, KvFormat.crc(batch, at, length), inline);
    }

    /**
     * An empty index: Scala's persistent hash map, so each batch publishes a new version cheaply.
     */
    private static HashMap<String, KvEntry> emptyIndex() {
        return scala.collection.immutable.HashMap$.MODULE$.<String, KvEntry>empty();
    }

    // ---- device access

    private void requireUsable() {
        if (broken) {
            throw new IllegalStateException(
                    "the KV store on "
                            + port.describe()
                            + " had a failed write or flush; it must be reopened from disk");
        }
    }

    private void write(long block, ByteBuffer data) throws IOException {
        try {
            synchronized (port) {
                port.write(block, data);
            }
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private void flush() throws IOException {
        try {
            synchronized (port) {
                port.flush();
            }
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    private void writeAndFlush(long block, ByteBuffer data) throws IOException {
        write(block, data);
        flush();
    }

    private byte[] readBlocks(long block, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(count * blockSize);
        synchronized (port) {
            port.read(block, b);
        }
        return b.array();
    }

    private byte[] readBytes(long offset, int length) throws IOException {
        long first = offset / blockSize;
        long last = (offset + length + blockSize - 1) / blockSize;
        byte[] blocks = readBlocks(first, (int) (last - first));
        int from = (int) (offset - first * blockSize);
        return java.util.Arrays.copyOfRange(blocks, from, from + length);
    }
}
