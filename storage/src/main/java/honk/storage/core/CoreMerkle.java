package honk.storage.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 Merkle tree over a core image's data, in 4 KiB chunks. A leaf is SHA-256(0x00 ||
 * chunk); an inner node is SHA-256(0x01 || left || right), so no leaf can pass for a node (the
 * prefixes of RFC 6962, section 2.1). A level with an odd number of nodes carries its last node up
 * unchanged. The root of no chunks is SHA-256 of nothing. Pure Java.
 */
final class CoreMerkle {
    static final int CHUNK_BYTES = 4096;
    static final int HASH_BYTES = 32;
    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private CoreMerkle() {}

    /** The leaf hash of the chunk in {@code buf[offset, offset + CHUNK_BYTES)}. */
    static byte[] leaf(byte[] buf, int offset) {
        MessageDigest sha = sha256();
        sha.update(LEAF);
        sha.update(buf, offset, CHUNK_BYTES);
        return sha.digest();
    }

    /** The root over {@code leaves}, in chunk order. */
    static byte[] root(byte[][] leaves) {
        if (leaves.length == 0) {
            return sha256().digest();
        }
        byte[][] level = leaves;
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] =
                        2 * i + 1 < level.length
                                ? node(level[2 * i], level[2 * i + 1])
                                : level[2 * i];
            }
            level = up;
        }
        return level[0];
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    "this JVM has no SHA-256, which every Java SE platform must provide", e);
        }
    }
}
