package honk.storage.core;

import honk.storage.block.BlockPort;
import honk.storage.block.MemoryBlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A verified core image, read from a slot (format: {@link CoreImageWriter}). Opening fails closed:
 * the magic and format, a signature by a trusted key over the manifest, the anti-rollback floor and
 * the whole data against the signed Merkle root are all checked before anything is returned. The
 * chunks' hashes, now trusted, stay in memory; every later read checks each 4 KiB chunk it touches
 * against them, so bytes changed on the device after open are refused, never returned.
 *
 * <p>Immutable once open; safe to read from any thread (every device access synchronizes on the
 * port). Pure Java over {@link BlockPort}.
 */
public final class CoreImage {
    private static final int READ_CHUNKS = 64; // chunks per device read: 256 KiB

    private final BlockPort slot; // every device access synchronizes on it
    private final String source; // the slot or the image's name
    private final String where; // "core image in <source>", for errors
    private final CoreManifest manifest;
    private final byte[][]
            leaves; // checked against the signed root at open: the reference for every read
    private final Map<String, CoreManifest.Entry> byPath;

    private CoreImage(BlockPort slot, String source, CoreManifest manifest, byte[][] leaves) {
        this.slot = slot;
        this.source = source;
        this.where = "core image in " + source;
        this.manifest = manifest;
        this.leaves = leaves;
        var map = new LinkedHashMap<String, CoreManifest.Entry>();
        manifest.entries().forEach(e -> map.put(e.path(), e));
        this.byPath = map;
    }

    /**
     * Opens and verifies the image at the start of {@code slot}: signed by one of {@code trusted},
     * with a version (unsigned) at least {@code floor}. Any failure to verify is a {@link
     * CoreImageException} saying which check failed.
     */
    public static CoreImage open(BlockPort slot, Collection<CoreKeys.PublicKey> trusted, long floor)
            throws IOException {
        return open(slot, slot.describe(), Set.copyOf(trusted), floor, -1);
    }

    /**
     * Verifies {@code image} held in memory (say, before installing it) as {@link #open} would in a
     * slot, and also that it is exactly one image long. {@code name} names it in errors.
     */
    public static CoreImage fromBytes(
            byte[] image, String name, Collection<CoreKeys.PublicKey> trusted, long floor)
            throws IOException {
        int blocks =
                Math.max(1, (image.length + CoreMerkle.CHUNK_BYTES - 1) / CoreMerkle.CHUNK_BYTES);
        var memory = new MemoryBlockDevice(CoreMerkle.CHUNK_BYTES, blocks);
        memory.write(0, ByteBuffer.wrap(Arrays.copyOf(image, blocks * CoreMerkle.CHUNK_BYTES)));
        return open(memory, name, Set.copyOf(trusted), floor, image.length);
    }

    /**
     * {@code length}: the image's exact length when known (in memory), else -1 (a slot: the image
     * may end anywhere).
     */
    private static CoreImage open(
            BlockPort slot, String source, Set<CoreKeys.PublicKey> trusted, long floor, long length)
            throws IOException {
        String where = "core image in " + source;
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException(
                    "no trusted keys: nothing can verify " + where + "; configure a public key");
        }
        long available = length >= 0 ? length : slot.sizeBytes();
        int signedBytes = signedBytes(slot, where, available);
        CoreManifest manifest = verifiedManifest(slot, where, trusted, signedBytes);
        if (Long.compareUnsigned(manifest.version(), floor) < 0) {
            throw new CoreImageException.Rollback(
                    where
                            + ": version "
                            + Long.toUnsignedString(manifest.version())
                            + " is below the anti-rollback floor "
                            + Long.toUnsignedString(floor)
                            + ": an older core may not boot; install version "
                            + Long.toUnsignedString(floor)
                            + " or newer");
        }
        long imageBytes = manifest.headerBytes() + manifest.dataBytes();
        if (imageBytes > available) {
            throw new CoreImageException.Truncated(
                    where
                            + ": the image is "
                            + imageBytes
                            + " bytes, but there are only "
                            + available
                            + ": it is cut off (or too large for the slot); install it again");
        }
        if (length >= 0 && length != imageBytes) {
            throw new CoreImageException.Malformed(
                    where
                            + ": "
                            + (length - imageBytes)
                            + " bytes after the image's end ("
                            + imageBytes
                            + " bytes): pass exactly the bytes CoreImageWriter made");
        }
        checkPaddingIsZero(
                slot, where, signedBytes + CoreKeys.SIGNATURE_BYTES, manifest.headerBytes());
        byte[][] leaves = hashData(slot, manifest);
        if (!MessageDigest.isEqual(CoreMerkle.root(leaves), manifest.merkleRoot())) {
            throw new CoreImageException.Corrupt(
                    where
                            + ": the data does not match the signed Merkle root (some of its "
                            + leaves.length
                            + " chunks were altered, or never fully written by an interrupted"
                            + " install); install the image again");
        }
        return new CoreImage(slot, source, manifest, leaves);
    }

    /**
     * Checks the preamble (magic, format, manifest length); returns how many bytes the signature
     * covers.
     */
    private static int signedBytes(BlockPort slot, String where, long available)
            throws IOException {
        if (available < CoreManifest.PREAMBLE_BYTES) {
            throw new CoreImageException.Truncated(
                    where + ": " + available + " bytes, too short for a header");
        }
        ByteBuffer preamble =
                CoreManifest.le(ByteBuffer.wrap(readBytes(slot, 0, CoreManifest.PREAMBLE_BYTES)));
        if (preamble.getLong(0) != CoreManifest.MAGIC) {
            throw new CoreImageException.Malformed(
                    where
                            + ": no core image here (magic "
                            + HexFormat.of().formatHex(preamble.array(), 0, 8)
                            + ", expected \"HONKCORE\"): the slot is blank or holds"
                            + " something else; install a signed image");
        }
        if (preamble.getInt(8) != CoreManifest.FORMAT_VERSION) {
            throw new CoreImageException.Malformed(
                    where
                            + ": format version "
                            + Integer.toUnsignedString(preamble.getInt(8))
                            + ", but this build reads version "
                            + CoreManifest.FORMAT_VERSION
                            + ": install an image made by this build");
        }
        int manifestBytes = preamble.getInt(12);
        if (manifestBytes < CoreManifest.FIXED_BYTES
                || manifestBytes > CoreManifest.MAX_MANIFEST_BYTES) {
            throw new CoreImageException.Malformed(
                    where
                            + ": a manifest length of "
                            + Integer.toUnsignedString(manifestBytes)
                            + " bytes, outside "
                            + CoreManifest.FIXED_BYTES
                            + ".."
                            + CoreManifest.MAX_MANIFEST_BYTES
                            + ": the header is damaged; install the image again");
        }
        int signedBytes = CoreManifest.PREAMBLE_BYTES + manifestBytes;
        if (signedBytes + CoreKeys.SIGNATURE_BYTES > available) {
            throw new CoreImageException.Truncated(
                    where
                            + ": the header needs "
                            + (signedBytes + CoreKeys.SIGNATURE_BYTES)
                            + " bytes, but there are only "
                            + available
                            + ": the image is cut off; install it again");
        }
        return signedBytes;
    }

    /**
     * Reads the signed part and its signature and checks them; returns the manifest only if they
     * verify.
     */
    private static CoreManifest verifiedManifest(
            BlockPort slot, String where, Set<CoreKeys.PublicKey> trusted, int signedBytes)
            throws IOException {
        byte[] head = readBytes(slot, 0, signedBytes + CoreKeys.SIGNATURE_BYTES);
        byte[] signed = Arrays.copyOf(head, signedBytes);
        byte[] signature = Arrays.copyOfRange(head, signedBytes, head.length);
        int keyAt = CoreManifest.PREAMBLE_BYTES;
        var signer =
                CoreKeys.PublicKey.fromRaw(
                        Arrays.copyOfRange(signed, keyAt, keyAt + CoreKeys.PUBLIC_KEY_BYTES));
        if (!trusted.contains(signer)) {
            throw new CoreImageException.Untrusted(
                    where
                            + ": signed by "
                            + signer
                            + ", which is not one of the "
                            + trusted.size()
                            + " trusted key(s): install an image signed with a trusted key");
        }
        if (!CoreKeys.verify(signer, signed, signature)) {
            throw new CoreImageException.Untrusted(
                    where
                            + ": the signature does not verify against "
                            + signer
                            + ": the manifest or the signature was altered; install the image"
                            + " again");
        }
        return CoreManifest.decode(signed, where);
    }

    private static void checkPaddingIsZero(BlockPort slot, String where, int from, int to)
            throws IOException {
        byte[] padding = readBytes(slot, from, to - from);
        for (int i = 0; i < padding.length; i++) {
            if (padding[i] != 0) {
                throw new CoreImageException.Corrupt(
                        where
                                + ": byte "
                                + (from + i)
                                + " of the header padding is not zero, as no writer leaves it: the"
                                + " header was altered; install the image again");
            }
        }
    }

    private static byte[][] hashData(BlockPort slot, CoreManifest manifest) throws IOException {
        int chunks = (int) (manifest.dataBytes() / CoreMerkle.CHUNK_BYTES);
        byte[][] leaves = new byte[chunks][];
        for (int c = 0; c < chunks; c += READ_CHUNKS) {
            int n = Math.min(READ_CHUNKS, chunks - c);
            byte[] buf =
                    readBytes(
                            slot,
                            manifest.headerBytes() + (long) c * CoreMerkle.CHUNK_BYTES,
                            n * CoreMerkle.CHUNK_BYTES);
            for (int i = 0; i < n; i++) {
                leaves[c + i] = CoreMerkle.leaf(buf, i * CoreMerkle.CHUNK_BYTES);
            }
        }
        return leaves;
    }

    /** The image version: the anti-rollback counter (compare unsigned). */
    public long version() {
        return manifest.version();
    }

    public CoreKeys.PublicKey signer() {
        return manifest.signer();
    }

    public byte[] merkleRoot() {
        return manifest.merkleRoot().clone();
    }

    /** Bytes the image takes at the start of its slot. */
    public long imageBytes() {
        return manifest.headerBytes() + manifest.dataBytes();
    }

    /** Every file, sorted by path (UTF-8 bytes). */
    public List<CoreFile> files() {
        return manifest.entries().stream().map(e -> new CoreFile(e.path(), e.size())).toList();
    }

    public Optional<CoreFile> file(String path) {
        return Optional.ofNullable(byPath.get(path)).map(e -> new CoreFile(e.path(), e.size()));
    }

    /** The whole of the file at {@code path}, verified chunk by chunk. */
    public byte[] read(String path) throws IOException {
        CoreManifest.Entry e = entry(path);
        if (e.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    path
                            + " has "
                            + e.size()
                            + " bytes, more than one array holds: read it in ranges");
        }
        return read(path, 0, (int) e.size());
    }

    /**
     * Up to {@code length} bytes of the file at {@code path} from {@code offset} (at most its size;
     * fewer bytes near the end, as pread gives), each chunk verified before any of it is returned.
     */
    public byte[] read(String path, long offset, int length) throws IOException {
        CoreManifest.Entry e = entry(path);
        if (offset < 0 || offset > e.size() || length < 0) {
            throw new IllegalArgumentException(
                    "read of "
                            + length
                            + " bytes at "
                            + offset
                            + " of "
                            + path
                            + " ("
                            + e.size()
                            + " bytes): the offset must be in 0.."
                            + e.size()
                            + " and the length >= 0");
        }
        int n = (int) Math.min(length, e.size() - offset);
        byte[] out = new byte[n];
        long start = e.offset() + offset; // in the data
        long lastChunk = (start + n - 1) / CoreMerkle.CHUNK_BYTES;
        for (int done = 0; done < n; ) {
            long chunk = (start + done) / CoreMerkle.CHUNK_BYTES;
            int batch = (int) Math.min(READ_CHUNKS, lastChunk - chunk + 1);
            byte[] buf =
                    readBytes(
                            slot,
                            manifest.headerBytes() + chunk * CoreMerkle.CHUNK_BYTES,
                            batch * CoreMerkle.CHUNK_BYTES);
            for (int i = 0; i < batch; i++) {
                verifyChunk(buf, i, chunk + i, path);
            }
            int from = (int) (start + done - chunk * CoreMerkle.CHUNK_BYTES);
            int take = Math.min(n - done, batch * CoreMerkle.CHUNK_BYTES - from);
            System.arraycopy(buf, from, out, done, take);
            done += take;
        }
        return out;
    }

    private void verifyChunk(byte[] buf, int index, long chunk, String path)
            throws CoreImageException.Corrupt {
        if (!MessageDigest.isEqual(
                CoreMerkle.leaf(buf, index * CoreMerkle.CHUNK_BYTES), leaves[(int) chunk])) {
            long at = chunk * CoreMerkle.CHUNK_BYTES;
            throw new CoreImageException.Corrupt(
                    where
                            + ": chunk "
                            + chunk
                            + " (data bytes "
                            + at
                            + ".."
                            + (at + CoreMerkle.CHUNK_BYTES - 1)
                            + ", in "
                            + path
                            + ") no longer matches the hash verified at open: the slot changed on"
                            + " the device; nothing from it was returned. Install the image again");
        }
    }

    private CoreManifest.Entry entry(String path) throws NoSuchFileException {
        CoreManifest.Entry e = byPath.get(path);
        if (e == null) {
            throw new NoSuchFileException(path, null, "no such file in " + where);
        }
        return e;
    }

    /** One line: version, files, size and where, e.g. for a boot log. */
    public String describe() {
        return "core image version "
                + Long.toUnsignedString(version())
                + " ("
                + byPath.size()
                + " files, "
                + imageBytes() / 1024
                + " KiB, signed by "
                + signer()
                + ") in "
                + source;
    }

    /** Reads bytes {@code [offset, offset + length)} of {@code port}, through whole blocks. */
    private static byte[] readBytes(BlockPort port, long offset, int length) throws IOException {
        int bs = port.blockSize();
        long first = offset / bs;
        long end = (offset + length + bs - 1) / bs;
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact((end - first) * bs));
        synchronized (port) {
            port.read(first, buf);
        }
        int from = (int) (offset - first * bs);
        return from == 0 && length == buf.capacity()
                ? buf.array()
                : Arrays.copyOfRange(buf.array(), from, from + length);
    }
}
