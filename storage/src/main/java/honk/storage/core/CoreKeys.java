package honk.storage.core;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 keys for the core image (RFC 8032, through Bouncy Castle): generating a key pair, public
 * keys as 32 raw bytes or 64 hex digits, signing and verifying. A signing key is a 32-byte seed; it
 * lives with whoever builds images, never in honk or its repository (honk holds only the public
 * keys it trusts). Ed25519 signing is deterministic: the same key and message give the same
 * signature, which keeps image bytes reproducible. Pure Java.
 */
public final class CoreKeys {
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SEED_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    private static final HexFormat HEX = HexFormat.of();

    private CoreKeys() {}

    /** A public key a core image may be signed with; trust is a set of these. */
    public static final class PublicKey {
        private final byte[] raw;

        private PublicKey(byte[] raw) {
            this.raw = raw;
        }

        /** The key from its 32 raw bytes (RFC 8032 encoding). */
        public static PublicKey fromRaw(byte[] raw) {
            if (raw.length != PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException(
                        "an Ed25519 public key is "
                                + PUBLIC_KEY_BYTES
                                + " bytes, got "
                                + raw.length);
            }
            return new PublicKey(raw.clone());
        }

        /** The key from 64 hex digits (either case; surrounding blanks are ignored). */
        public static PublicKey fromHex(String hex) {
            String digits = hex.strip();
            if (digits.length() != 2 * PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException(
                        "an Ed25519 public key is "
                                + 2 * PUBLIC_KEY_BYTES
                                + " hex digits, got "
                                + digits.length());
            }
            try {
                return new PublicKey(HEX.parseHex(digits));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a hex public key: " + e.getMessage(), e);
            }
        }

        public byte[] raw() {
            return raw.clone();
        }

        public String hex() {
            return HEX.formatHex(raw);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PublicKey k && MessageDigest.isEqual(raw, k.raw);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(raw);
        }

        @Override
        public String toString() {
            return "ed25519:" + hex();
        }

        /**
         * True for the development key, whose private half is public (see {@link #DEVELOPMENT}).
         */
        public boolean isDevelopment() {
            return equals(DEVELOPMENT);
        }

        /**
         * The key as honk prints it: {@code ed25519:HEX}, marked when it is the development key.
         */
        public String describe() {
            return this + (isDevelopment() ? " (the DEVELOPMENT key: anyone can sign for it)" : "");
        }
    }

    /**
     * The public half of the development key committed in the repository ({@code keys/}), which
     * development builds sign their core with. Its private half is no secret, so honk names it
     * wherever it reports a signer.
     */
    public static final PublicKey DEVELOPMENT =
            PublicKey.fromHex("aadd3c19237856f7e88ab7ae639155033078d416356a683ee7d8a3b8dae211aa");

    /**
     * A private key: the 32-byte seed. Keep it out of honk and out of any repository (but the
     * development key's).
     */
    public static final class SigningKey {
        private final Ed25519PrivateKeyParameters key;
        private final PublicKey publicKey;

        private SigningKey(Ed25519PrivateKeyParameters key) {
            this.key = key;
            this.publicKey = new PublicKey(key.generatePublicKey().getEncoded());
        }

        /** The key from its 32-byte seed (RFC 8032's "secret key"). */
        public static SigningKey fromSeed(byte[] seed) {
            if (seed.length != SEED_BYTES) {
                throw new IllegalArgumentException(
                        "an Ed25519 seed is " + SEED_BYTES + " bytes, got " + seed.length);
            }
            return new SigningKey(new Ed25519PrivateKeyParameters(seed));
        }

        /** The key from its seed as 64 hex digits. */
        public static SigningKey fromSeedHex(String hex) {
            String digits = hex.strip();
            if (digits.length() != 2 * SEED_BYTES) {
                throw new IllegalArgumentException(
                        "an Ed25519 seed is "
                                + 2 * SEED_BYTES
                                + " hex digits, got "
                                + digits.length());
            }
            return fromSeed(HEX.parseHex(digits));
        }

        public PublicKey publicKey() {
            return publicKey;
        }

        /** The seed, for saving the key somewhere safe. */
        public byte[] seed() {
            return key.getEncoded();
        }

        @Override
        public String toString() {
            return "signing key for " + publicKey; // never the seed
        }
    }

    /**
     * A freshly generated key: sign with {@code signing}, give {@code publicKey} to honk to trust.
     */
    public record KeyPair(SigningKey signing, PublicKey publicKey) {}

    /** Generates a key pair from {@code random} (use a {@link SecureRandom} for a real key). */
    public static KeyPair generateKeyPair(SecureRandom random) {
        var key = new SigningKey(new Ed25519PrivateKeyParameters(random));
        return new KeyPair(key, key.publicKey());
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public static byte[] sign(SigningKey key, byte[] message) {
        var signer = new Ed25519Signer();
        signer.init(true, key.key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * Whether {@code signature} is {@code key}'s signature of {@code message}; a malformed key or
     * signature is not.
     */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Ed25519PublicKeyParameters params;
        try {
            params = new Ed25519PublicKeyParameters(key.raw, 0);
        } catch (IllegalArgumentException e) {
            return false; // not a point on the curve
        }
        var verifier = new Ed25519Signer();
        verifier.init(false, params);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
