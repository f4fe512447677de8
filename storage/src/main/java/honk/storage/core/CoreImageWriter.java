package honk.storage.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a core image (mkimage): files, an image version and a signing key in, image bytes out. The
 * same inputs give the same bytes (paths are sorted; Ed25519 signing is deterministic). Pure Java;
 * runs wherever images are built.
 *
 * <p>The byte layout (integers little-endian and unsigned; a chunk is 4096 bytes):
 *
 * <pre>
 * header, H bytes (H a multiple of the chunk size):
 *   0    8   magic "HONKCORE"
 *   8    4   format version, 1
 *   12   4   manifest length M
 *   16   M   manifest:
 *              +0   32  signer: the Ed25519 public key that signed it
 *              +32   8  image version (the anti-rollback counter)
 *              +40   4  header length H = (16 + M + 64) rounded up to a chunk
 *              +44   8  data length D
 *              +52  32  Merkle root of the data (SHA-256, see CoreMerkle)
 *              +84   4  file count N
 *              +88      N entries, sorted by path (UTF-8 bytes, unsigned):
 *                         path length u16, path (UTF-8), data offset u64, size u64
 *   16+M 64  Ed25519 signature (RFC 8032) of bytes [0, 16 + M)
 *   then zeros up to H
 * data, D bytes (D a multiple of the chunk size), at offset H:
 *   each file's bytes in table order, each starting on a chunk boundary (its data offset) and
 *   zero-padded to the next; an empty file takes no chunk and has the offset the next file gets
 * </pre>
 *
 * Giving each file its own chunks means damage to one chunk fails reads of one file only. The whole
 * image is H + D bytes, a multiple of 4096, so it fills whole blocks of any device whose blocks are
 * no larger.
 */
public final class CoreImageWriter {
    /** Largest image: it is built in one array. The 16 MiB slots are the practical limit. */
    public static final long MAX_IMAGE_BYTES = 1L << 30;

    private CoreImageWriter() {}

    /**
     * The image of {@code files} (path to contents) at {@code version} (compared unsigned), signed
     * by {@code key}. A bad path throws {@link java.nio.file.InvalidPathException} naming it; a
     * file table or image over its limit throws {@link IllegalArgumentException}.
     */
    public static byte[] write(Map<String, byte[]> files, long version, CoreKeys.SigningKey key) {
        List<Named> sorted = new ArrayList<>(files.size());
        for (var e : files.entrySet()) {
            sorted.add(new Named(e.getKey(), CorePaths.encode(e.getKey()), e.getValue()));
        }
        sorted.sort((a, b) -> CorePaths.compare(a.utf8(), b.utf8()));
        CorePaths.checkNoFileIsADirectory(files.keySet());

        List<byte[]> paths = sorted.stream().map(Named::utf8).toList();
        long manifestBytes = CoreManifest.manifestBytesFor(paths);
        if (manifestBytes > CoreManifest.MAX_MANIFEST_BYTES) {
            throw new IllegalArgumentException(
                    "the file table of "
                            + files.size()
                            + " files takes "
                            + manifestBytes
                            + " bytes, over the limit of "
                            + CoreManifest.MAX_MANIFEST_BYTES
                            + ": use fewer files or shorter paths");
        }
        int headerBytes = CoreManifest.headerBytesFor((int) manifestBytes);
        List<CoreManifest.Entry> entries = new ArrayList<>(sorted.size());
        long dataBytes = 0;
        for (Named f : sorted) {
            entries.add(new CoreManifest.Entry(f.path(), dataBytes, f.bytes().length));
            dataBytes += CoreManifest.roundUpToChunk(f.bytes().length);
        }
        if (headerBytes + dataBytes > MAX_IMAGE_BYTES) {
            throw new IllegalArgumentException(
                    "the image would take "
                            + (headerBytes + dataBytes)
                            + " bytes, over the limit of "
                            + MAX_IMAGE_BYTES
                            + " (a slot holds 16 MiB)");
        }

        byte[] image = new byte[(int) (headerBytes + dataBytes)];
        for (int i = 0; i < sorted.size(); i++) {
            byte[] bytes = sorted.get(i).bytes();
            System.arraycopy(
                    bytes, 0, image, (int) (headerBytes + entries.get(i).offset()), bytes.length);
        }
        byte[][] leaves = new byte[(int) (dataBytes / CoreMerkle.CHUNK_BYTES)][];
        for (int c = 0; c < leaves.length; c++) {
            leaves[c] = CoreMerkle.leaf(image, headerBytes + c * CoreMerkle.CHUNK_BYTES);
        }
        var manifest =
                new CoreManifest(
                        key.publicKey(),
                        version,
                        headerBytes,
                        dataBytes,
                        CoreMerkle.root(leaves),
                        entries);
        byte[] signed = manifest.encodeSigned(paths);
        byte[] signature = CoreKeys.sign(key, signed);
        System.arraycopy(signed, 0, image, 0, signed.length);
        System.arraycopy(signature, 0, image, signed.length, signature.length);
        return image;
    }

    private record Named(String path, byte[] utf8, byte[] bytes) {}
}
