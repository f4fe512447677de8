package honk.storage.ninep;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A 9P2000.L client over a {@link NinePTransport}: it owns the wire format (through {@link
 * NinePEncoder} and {@link NinePDecoder}), the tags ({@link NinePTags}) and the fids. {@link
 * #connect} negotiates the msize (Tversion) and attaches; then each operation is one or more
 * exchanges, made by the calling thread, which blocks until the reply (at most {@link #TIMEOUT}).
 * Many threads may call at once: each exchange has its own tag, and the transport carries them side
 * by side.
 *
 * <p>Fid lifecycle: a {@link Fid} comes from a walk and is clunked when closed; every path
 * operation here walks, uses and clunks its fids itself, on success and on every failure, so {@link
 * #openFids()} is back to 1 (the root) after it. Paths are lists of names below the attach root; a
 * walk of more than 16 names is sent in batches. A refusal by the server is a {@link
 * NinePErrorException}; a reply that breaks the protocol a {@link NinePProtocolException}; a failed
 * channel an {@link IOException}.
 */
public final class NinePClient implements AutoCloseable {
    /** How long one exchange may take before it fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Exchanges in flight at once; more callers wait for a free tag. */
    static final int TAGS = NinePTags.TAGS;

    /** Treads one {@link #readFully} keeps in flight. */
    static final int READ_AHEAD = 8;

    /** Mode bits of the files and directories honk creates. */
    static final int FILE_MODE = 0644;

    static final int DIR_MODE = 0755;

    private final NinePTransport transport;
    private final NinePTags tags;
    private final int msize;
    private final int gid;
    private final Fid root;
    // shared between calling threads: each structure is thread-safe on its own
    private final ConcurrentLinkedQueue<Integer> freeFids = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextFid = new AtomicInteger();
    private final AtomicInteger liveFids = new AtomicInteger();

    private NinePClient(NinePTransport transport, int msize, int gid) {
        this.transport = transport;
        this.tags = new NinePTags(transport, msize, TIMEOUT);
        this.msize = msize;
        this.gid = gid;
        this.root = newFid();
    }

    /**
     * Negotiates the version and msize over {@code transport} and attaches to {@code aname} (the
     * exported directory) as {@code uname}/{@code uid}; files honk creates get group {@code gid}.
     * The client owns the transport from here on and closes it if this fails.
     */
    public static NinePClient connect(
            NinePTransport transport, String uname, int uid, int gid, String aname)
            throws IOException {
        try {
            int offered = transport.maxMessageSize();
            if (offered < NinePWire.MIN_MSIZE) {
                throw new IllegalArgumentException(
                        "the transport carries "
                                + offered
                                + "-byte messages; 9P needs at least "
                                + NinePWire.MIN_MSIZE);
            }
            var version =
                    new NinePEncoder(NinePWire.TVERSION, NinePWire.NOTAG, 64)
                            .u32(offered)
                            .str(NinePWire.VERSION)
                            .finish();
            NinePDecoder d =
                    NinePDecoder.open(
                            NinePTags.await(transport.exchange(version), "Tversion", TIMEOUT),
                            NinePWire.TVERSION + 1,
                            NinePWire.NOTAG);
            long msize = Integer.toUnsignedLong(d.u32());
            String agreed = d.str();
            d.end();
            if (!agreed.equals(NinePWire.VERSION)) {
                throw new NinePProtocolException(
                        "the server speaks '" + agreed + "', not " + NinePWire.VERSION);
            }
            if (msize > offered || msize < NinePWire.MIN_MSIZE) {
                throw new NinePProtocolException(
                        "the server chose msize "
                                + msize
                                + ", outside "
                                + NinePWire.MIN_MSIZE
                                + ".."
                                + offered
                                + " (what was offered)");
            }
            var client = new NinePClient(transport, (int) msize, gid);
            NinePDecoder a =
                    client.tags.rpc(
                            NinePWire.TATTACH,
                            e ->
                                    e.u32(client.root.number())
                                            .u32(NinePWire.NOFID)
                                            .str(uname)
                                            .str(aname)
                                            .u32(uid));
            client.root.qid(a.qid());
            a.end();
            return client;
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** The negotiated msize: the largest message either way. */
    public int msize() {
        return msize;
    }

    /** Fids the server holds for this client now (the root is one). */
    public int openFids() {
        return liveFids.get();
    }

    /** Tags free now: {@link #TAGS} whenever no exchange is in flight (and none timed out). */
    int tagsFree() {
        return tags.free();
    }

    public Fid root() {
        return root;
    }

    @Override
    public void close() {
        transport.close();
    }

    private Fid newFid() {
        Integer n = freeFids.poll();
        liveFids.incrementAndGet();
        return new Fid(this, n != null ? n : nextFid.getAndIncrement());
    }

    /** Gives back a fid the server never learned of. */
    private void forget(Fid f) {
        if (f.markClunked()) {
            liveFids.decrementAndGet();
            freeFids.add(f.number());
        }
    }

    // ---- the operations, one per T-message

    /**
     * A new fid for the file {@code names} below {@code from} (no names: a clone of it), walked
     * {@link NinePWire#MAX_WALK} names per Twalk. On failure no new fid is left behind; a walk that
     * stops early is a {@link NinePErrorException} (ENOENT, or ENOTDIR when it stopped at a file)
     * whose {@link NinePErrorException#failedAt()} is the name it could not reach.
     */
    public Fid walk(Fid from, List<String> names) throws IOException {
        Fid nf = newFid();
        boolean known = false; // whether the server holds nf (after the first batch)
        try {
            nf.qid(from.qid());
            int done = 0;
            do {
                List<String> batch =
                        names.subList(done, Math.min(names.size(), done + NinePWire.MAX_WALK));
                int src = known ? nf.number() : from.number();
                NinePDecoder d;
                try {
                    d =
                            tags.rpc(
                                    NinePWire.TWALK,
                                    e -> {
                                        e.u32(src).u32(nf.number()).u16(batch.size());
                                        batch.forEach(e::str);
                                    });
                } catch (NinePErrorException e) {
                    throw new NinePErrorException("Twalk", e.errno(), done);
                }
                int n = d.u16();
                if (n > batch.size()) {
                    throw new NinePProtocolException(
                            "Rwalk: " + n + " qids for a walk of " + batch.size() + " names");
                }
                Qid last = null;
                for (int i = 0; i < n; i++) {
                    last = d.qid();
                }
                d.end();
                if (n < batch.size()) { // stopped early: the server did not make or move nf
                    boolean atFile = last != null && !last.isDirectory();
                    throw new NinePErrorException(
                            "Twalk", atFile ? Errno.ENOTDIR : Errno.ENOENT, done + n);
                }
                known = true;
                if (last != null) {
                    nf.qid(last);
                }
                done += batch.size();
            } while (done < names.size());
            return nf;
        } catch (IOException | RuntimeException e) {
            if (known) {
                clunkQuietly(nf);
            } else {
                forget(nf);
            }
            throw e;
        }
    }

    /** Opens {@code fid} (Tlopen) with Linux open flags; the fid then reads, writes or lists. */
    public void lopen(Fid fid, int flags) throws IOException {
        NinePDecoder d = tags.rpc(NinePWire.TLOPEN, e -> e.u32(fid.number()).u32(flags));
        fid.qid(d.qid());
        fid.iounit(d.u32());
        d.end();
    }

    /**
     * Creates {@code name} in the directory {@code dir} and opens it (Tlcreate); {@code dir} then
     * stands for the new file, as the protocol says.
     */
    public void lcreate(Fid dir, String name, int flags, int mode) throws IOException {
        NinePDecoder d =
                tags.rpc(
                        NinePWire.TLCREATE,
                        e -> e.u32(dir.number()).str(name).u32(flags).u32(mode).u32(gid));
        dir.qid(d.qid());
        dir.iounit(d.u32());
        d.end();
    }

    /** The most bytes one Tread or Twrite on {@code fid} moves. */
    int chunk(Fid fid, int header) {
        int room = msize - header;
        return fid.iounit() > 0 ? Math.min(fid.iounit(), room) : room;
    }

    /** One Tread: up to {@code count} bytes (at most one message's worth) from {@code offset}. */
    public byte[] read(Fid fid, long offset, int count) throws IOException {
        int n = Math.min(count, chunk(fid, NinePWire.IOHDRSZ));
        NinePDecoder d = tags.rpc(NinePWire.TREAD, e -> e.u32(fid.number()).u64(offset).u32(n));
        byte[] data = d.data(n);
        d.end();
        return data;
    }

    /**
     * {@code length} bytes from {@code offset}, fewer if the file ends first: Treads of one message
     * each, up to {@link #READ_AHEAD} of them in flight at once (sequential reads are otherwise
     * bound by the round trip). Extra Treads are sent only while a tag is free, so readers never
     * wait on each other for tags while holding some.
     */
    public byte[] readFully(Fid fid, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "a read of " + length + " bytes at offset " + offset);
        }
        int chunk = chunk(fid, NinePWire.IOHDRSZ);
        var out = new java.io.ByteArrayOutputStream(Math.min(length, 1 << 20));
        var inFlight = new ArrayDeque<NinePTags.Exchange>();
        var sizes = new ArrayDeque<Integer>();
        long next = offset;
        long end = offset + length;
        boolean ended = false;
        try {
            while (!ended && (next < end || !inFlight.isEmpty())) {
                while (next < end
                        && inFlight.size() < READ_AHEAD
                        && (inFlight.isEmpty() ? take() : tags.tryTake())) {
                    int n = (int) Math.min(chunk, end - next);
                    long at = next;
                    inFlight.add(
                            tags.send(NinePWire.TREAD, e -> e.u32(fid.number()).u64(at).u32(n)));
                    sizes.add(n);
                    next += n;
                }
                int asked = sizes.remove();
                NinePDecoder d = tags.finish(inFlight.remove());
                byte[] part = d.data(asked);
                d.end();
                out.writeBytes(part);
                ended = part.length < asked; // the file ends here: what was read past it is dropped
            }
        } finally {
            for (NinePTags.Exchange x :
                    inFlight) { // after an end or an error: collect the rest, so their tags come
                // back
                try {
                    tags.finish(x);
                } catch (IOException ignored) {
                    // the first error, or the end of the file, is what the caller hears about
                }
            }
        }
        return out.toByteArray();
    }

    private boolean take() throws InterruptedIOException {
        tags.take();
        return true;
    }

    /**
     * One Twrite of up to one message's worth of {@code data[off, off+len)}; returns the bytes
     * written.
     */
    public int write(Fid fid, long offset, byte[] data, int off, int len) throws IOException {
        int n = Math.min(len, chunk(fid, NinePWire.IOHDRSZ));
        NinePDecoder d =
                tags.rpc(NinePWire.TWRITE, e -> e.u32(fid.number()).u64(offset).data(data, off, n));
        long wrote = Integer.toUnsignedLong(d.u32());
        d.end();
        if (wrote > n) {
            throw new NinePProtocolException(
                    "Rwrite: " + wrote + " bytes written of " + n + " sent");
        }
        return (int) wrote;
    }

    /**
     * One Treaddir from {@code offset} (0 to start, then the last entry's offset); empty at the
     * end.
     */
    public List<NinePDirEntry> readdir(Fid dir, long offset) throws IOException {
        int n = chunk(dir, NinePWire.IOHDRSZ);
        NinePDecoder d = tags.rpc(NinePWire.TREADDIR, e -> e.u32(dir.number()).u64(offset).u32(n));
        NinePDecoder entries = d.sub(n);
        d.end();
        var out = new ArrayList<NinePDirEntry>();
        while (entries.hasMore()) {
            out.add(new NinePDirEntry(entries.qid(), entries.u64(), entries.u8(), entries.str()));
        }
        return out;
    }

    public NinePAttr getattr(Fid fid) throws IOException {
        NinePDecoder d =
                tags.rpc(NinePWire.TGETATTR, e -> e.u32(fid.number()).u64(NinePWire.GETATTR_BASIC));
        d.u64(); // valid
        Qid qid = d.qid();
        int mode = d.u32();
        int uid = d.u32();
        int gid = d.u32();
        long nlink = d.u64();
        d.u64(); // rdev
        long size = d.u64();
        d.u64(); // blksize
        d.u64(); // blocks
        d.u64(); // atime
        d.u64();
        long mtime = d.u64();
        for (int i = 0; i < 7; i++) { // mtime_nsec, ctime, btime, gen, data_version
            d.u64();
        }
        d.end();
        return new NinePAttr(qid, mode, uid, gid, nlink, size, mtime);
    }

    public Qid mkdir(Fid dir, String name, int mode) throws IOException {
        NinePDecoder d =
                tags.rpc(NinePWire.TMKDIR, e -> e.u32(dir.number()).str(name).u32(mode).u32(gid));
        Qid q = d.qid();
        d.end();
        return q;
    }

    /**
     * Removes {@code name} from {@code dir}: a file, or with {@link NinePWire#AT_REMOVEDIR} an
     * empty directory.
     */
    public void unlinkat(Fid dir, String name, int flags) throws IOException {
        tags.rpc(NinePWire.TUNLINKAT, e -> e.u32(dir.number()).str(name).u32(flags)).end();
    }

    public void renameat(Fid oldDir, String oldName, Fid newDir, String newName)
            throws IOException {
        tags.rpc(
                        NinePWire.TRENAMEAT,
                        e -> e.u32(oldDir.number()).str(oldName).u32(newDir.number()).str(newName))
                .end();
    }

    /** Moves the file {@code fid} to {@code name} in {@code dir} (Trename). */
    public void rename(Fid fid, Fid dir, String name) throws IOException {
        tags.rpc(NinePWire.TRENAME, e -> e.u32(fid.number()).u32(dir.number()).str(name)).end();
    }

    /**
     * Removes the file {@code fid} names (Tremove); the fid is clunked whether or not it succeeds.
     */
    public void remove(Fid fid) throws IOException {
        if (!fid.markClunked()) {
            throw new IllegalStateException(fid + " is clunked already");
        }
        end(fid, NinePWire.TREMOVE);
    }

    /**
     * Ends {@code fid} (Tclunk); the fid is gone even if the server answers with an error. Once
     * only; later calls do nothing.
     */
    public void clunk(Fid fid) throws IOException {
        if (!fid.markClunked()) {
            return;
        }
        end(fid, NinePWire.TCLUNK);
    }

    /**
     * Sends the Tclunk or Tremove that ends {@code fid}. Its number is given out again only once
     * the server has answered (either way); after a channel failure it is never reused.
     */
    private void end(Fid fid, int type) throws IOException {
        boolean answered = false;
        try {
            NinePDecoder d = tags.rpc(type, e -> e.u32(fid.number()));
            answered = true;
            d.end();
        } catch (NinePException e) {
            answered = true;
            throw e;
        } finally {
            liveFids.decrementAndGet();
            if (answered) {
                freeFids.add(fid.number());
            }
        }
    }

    private void clunkQuietly(Fid fid) {
        try {
            clunk(fid);
        } catch (IOException e) {
            // the fid is released either way; the error that made us clunk is the one worth
            // reporting
        }
    }
}
