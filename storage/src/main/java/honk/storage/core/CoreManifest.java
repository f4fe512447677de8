package honk.storage.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed part of a core image's header, decoded, and its encoding: the preamble (magic, format
 * version, manifest length) and the manifest (signer, image version, header and data lengths,
 * Merkle root, file table). The byte layout is documented on {@link CoreImageWriter}. Decoding is
 * strict: an image has exactly one encoding, so anything else is refused. Pure Java.
 */
record CoreManifest(
        CoreKeys.PublicKey signer,
        long version,
        int headerBytes,
        long dataBytes,
        byte[] merkleRoot,
        List<Entry> entries) {
    static final long MAGIC = 0x45524f43_4b4e4f48L; // "HONKCORE"
    static final int FORMAT_VERSION = 1;
    static final int PREAMBLE_BYTES = 16; // magic u64, format version u32, manifest length u32
    static final int FIXED_BYTES =
            88; // signer 32, version u64, header length u32, data length u64, root 32, count u32
    static final int ENTRY_FIXED_BYTES = 18; // path length u16, offset u64, size u64

    /** Largest manifest: bounds what a reader allocates before it has checked the signature. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    /** One file: where its bytes start in the data (a chunk boundary) and how many there are. */
    record Entry(String path, long offset, long size) {}

    static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    static long roundUpToChunk(long bytes) {
        return (bytes + CoreMerkle.CHUNK_BYTES - 1)
                / CoreMerkle.CHUNK_BYTES
                * CoreMerkle.CHUNK_BYTES;
    }

    /**
     * Header bytes for a manifest of {@code manifestBytes}: preamble, manifest, signature, zeros to
     * a chunk boundary.
     */
    static int headerBytesFor(int manifestBytes) {
        return (int)
                roundUpToChunk(PREAMBLE_BYTES + (long) manifestBytes + CoreKeys.SIGNATURE_BYTES);
    }

    /** Manifest bytes for a file table whose paths are {@code utf8Paths}. */
    static long manifestBytesFor(List<byte[]> utf8Paths) {
        long bytes = FIXED_BYTES;
        for (byte[] p : utf8Paths) {
            bytes += ENTRY_FIXED_BYTES + p.length;
        }
        return bytes;
    }

    /** The bytes the signature covers: the preamble and the manifest. */
    byte[] encodeSigned(List<byte[]> utf8Paths) {
        int manifestBytes = (int) manifestBytesFor(utf8Paths);
        ByteBuffer b = le(ByteBuffer.allocate(PREAMBLE_BYTES + manifestBytes));
        b.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(manifestBytes);
        b.put(signer.raw())
                .putLong(version)
                .putInt(headerBytes)
                .putLong(dataBytes)
                .put(merkleRoot)
                .putInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] path = utf8Paths.get(i);
            b.putShort((short) path.length).put(path).putLong(e.offset()).putLong(e.size());
        }
        return b.array();
    }

    /**
     * Decodes the manifest from {@code signed} (preamble and manifest, already checked against the
     * signature). {@code where} names the image in errors.
     */
    static CoreManifest decode(byte[] signed, String where) throws CoreImageException.Malformed {
        ByteBuffer b = le(ByteBuffer.wrap(signed));
        int manifestBytes = signed.length - PREAMBLE_BYTES;
        b.position(PREAMBLE_BYTES);
        if (manifestBytes < FIXED_BYTES) {
            throw malformed(
                    where,
                    "a manifest of " + manifestBytes + " bytes, shorter than its fixed fields");
        }
        byte[] key = new byte[CoreKeys.PUBLIC_KEY_BYTES];
        byte[] root = new byte[CoreMerkle.HASH_BYTES];
        b.get(key);
        long version = b.getLong();
        int headerBytes = b.getInt();
        long dataBytes = b.getLong();
        b.get(root);
        int count = b.getInt();
        if (headerBytes != headerBytesFor(manifestBytes)) {
            throw malformed(
                    where,
                    "a header length of "
                            + headerBytes
                            + " bytes where the manifest needs "
                            + headerBytesFor(manifestBytes));
        }
        if (count < 0 || (long) count * ENTRY_FIXED_BYTES > b.remaining()) {
            throw malformed(
                    where,
                    "a file count of "
                            + Integer.toUnsignedString(count)
                            + " that the manifest cannot hold");
        }
        List<Entry> entries = decodeEntries(b, count, where);
        if (b.hasRemaining()) {
            throw malformed(where, b.remaining() + " bytes after the file table");
        }
        long end =
                entries.isEmpty()
                        ? 0
                        : entries.getLast().offset() + roundUpToChunk(entries.getLast().size());
        if (dataBytes != end) {
            throw malformed(
                    where, "a data length of " + dataBytes + " bytes where the files take " + end);
        }
        try {
            CorePaths.checkNoFileIsADirectory(entries.stream().map(Entry::path).toList());
        } catch (InvalidPathException e) {
            throw malformed(where, e.getMessage());
        }
        return new CoreManifest(
                CoreKeys.PublicKey.fromRaw(key),
                version,
                headerBytes,
                dataBytes,
                root,
                List.copyOf(entries));
    }

    private static List<Entry> decodeEntries(ByteBuffer b, int count, String where)
            throws CoreImageException.Malformed {
        List<Entry> entries = new ArrayList<>(count);
        byte[] previous = null;
        long next = 0; // where the next file must start: files are packed in order, each on a chunk
        // boundary
        for (int i = 0; i < count; i++) {
            if (b.remaining() < ENTRY_FIXED_BYTES) {
                throw malformed(where, "file table entry " + i + " runs past the manifest");
            }
            int length = Short.toUnsignedInt(b.getShort());
            if (length > b.remaining() - 16) {
                throw malformed(
                        where,
                        "file table entry "
                                + i
                                + " has a path of "
                                + length
                                + " bytes that runs past the manifest");
            }
            byte[] utf8 = new byte[length];
            b.get(utf8);
            String path;
            try {
                path = CorePaths.decode(utf8);
            } catch (InvalidPathException e) {
                throw malformed(where, "file table entry " + i + ": " + e.getMessage());
            }
            if (previous != null && CorePaths.compare(previous, utf8) >= 0) {
                throw malformed(
                        where,
                        "file table entry " + i + " (" + path + ") is out of order or repeated");
            }
            long offset = b.getLong();
            long size = b.getLong();
            if (offset != next || size < 0 || size > CoreImageWriter.MAX_IMAGE_BYTES) {
                throw malformed(
                        where,
                        path
                                + " at data offset "
                                + offset
                                + " with "
                                + size
                                + " bytes; expected offset "
                                + next);
            }
            entries.add(new Entry(path, offset, size));
            next = offset + roundUpToChunk(size); // both at most 1 GiB: no overflow
            if (next > CoreImageWriter.MAX_IMAGE_BYTES) {
                throw malformed(
                        where,
                        "files of more than " + CoreImageWriter.MAX_IMAGE_BYTES + " bytes in all");
            }
            previous = utf8;
        }
        return entries;
    }

    private static CoreImageException.Malformed malformed(String where, String what) {
        return new CoreImageException.Malformed(
                where
                        + ": the signed manifest is malformed ("
                        + what
                        + "); the image was built by a faulty writer: rebuild it with"
                        + " CoreImageWriter");
    }
}
