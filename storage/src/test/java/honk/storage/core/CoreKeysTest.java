package honk.storage.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

@Timeout(30)
class CoreKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void signsRfc8032TestVectorOneAsTheStandardSays() {
        var key =
                CoreKeys.SigningKey.fromSeedHex(
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertEquals(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                key.publicKey().hex());
        byte[] signature = CoreKeys.sign(key, new byte[0]);
        assertEquals(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HEX.formatHex(signature));
        assertTrue(CoreKeys.verify(key.publicKey(), new byte[0], signature));
    }

    @Test
    void publicKeysRoundTripThroughRawBytesAndHex() {
        var key = CoreKeys.generateKeyPair(new SecureRandom()).publicKey();
        assertEquals(key, CoreKeys.PublicKey.fromRaw(key.raw()));
        assertEquals(key, CoreKeys.PublicKey.fromHex(key.hex()));
        assertEquals(key, CoreKeys.PublicKey.fromHex(" " + key.hex().toUpperCase() + "\n"));
        assertEquals(key.hashCode(), CoreKeys.PublicKey.fromHex(key.hex()).hashCode());
        assertEquals("ed25519:" + key.hex(), key.toString());
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CoreKeys.PublicKey.fromRaw(new byte[31]));
        assertTrue(e.getMessage().contains("32 bytes, got 31"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CoreKeys.PublicKey.fromHex("abcd"));
        assertTrue(e.getMessage().contains("64 hex digits, got 4"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CoreKeys.PublicKey.fromHex("zz".repeat(32)));
        assertTrue(e.getMessage().startsWith("not a hex public key"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> CoreKeys.SigningKey.fromSeed(new byte[16]));
    }

    @Test
    void aSignatureVerifiesOnlyForItsMessageAndKey() {
        var pair = CoreKeys.generateKeyPair(new SecureRandom());
        byte[] message = "the manifest".getBytes(StandardCharsets.UTF_8);
        byte[] signature = CoreKeys.sign(pair.signing(), message);
        assertTrue(CoreKeys.verify(pair.publicKey(), message, signature));
        assertFalse(
                CoreKeys.verify(
                        pair.publicKey(),
                        "the manifesT".getBytes(StandardCharsets.UTF_8),
                        signature));
        assertFalse(CoreKeys.verify(CoreFixtures.OTHER_KEY.publicKey(), message, signature));
        signature[10] ^= 1;
        assertFalse(CoreKeys.verify(pair.publicKey(), message, signature));
        assertFalse(CoreKeys.verify(pair.publicKey(), message, new byte[63]));
    }

    @Test
    void aKeyThatIsNotACurvePointVerifiesNothingAndDoesNotThrow() {
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2; // Bouncy Castle refuses to decode it as a point
        var key = CoreKeys.PublicKey.fromRaw(notAPoint);
        assertFalse(CoreKeys.verify(key, new byte[0], new byte[64]));
    }

    @Test
    void signingIsDeterministicAndSeedsRoundTrip() {
        var pair = CoreKeys.generateKeyPair(new SecureRandom());
        var again = CoreKeys.SigningKey.fromSeed(pair.signing().seed());
        assertEquals(pair.publicKey(), again.publicKey());
        assertArrayEquals(
                CoreKeys.sign(pair.signing(), new byte[] {1, 2}),
                CoreKeys.sign(again, new byte[] {1, 2}));
        assertNotEquals(pair.publicKey(), CoreKeys.generateKeyPair(new SecureRandom()).publicKey());
    }

    @Test
    void aSigningKeyNeverPrintsItsSeed() {
        var key = CoreKeys.generateKeyPair(new SecureRandom()).signing();
        assertFalse(key.toString().contains(HEX.formatHex(key.seed())));
        assertTrue(key.toString().contains(key.publicKey().hex()));
    }

    @Test
    void theCommittedDevelopmentKeyIsTheOneHonkNamesAsSuch() throws Exception {
        java.nio.file.Path keys = java.nio.file.Path.of("..", "keys");
        var pub =
                CoreKeys.PublicKey.fromHex(
                        java.nio.file.Files.readString(keys.resolve("development-core.pub")));
        var seed =
                CoreKeys.SigningKey.fromSeedHex(
                        java.nio.file.Files.readString(keys.resolve("development-core.key"))
                                .trim());
        assertEquals(CoreKeys.DEVELOPMENT, pub);
        assertEquals(
                pub,
                seed.publicKey(),
                "the committed private key is the development key's other half");
        assertTrue(pub.describe().contains("DEVELOPMENT"));
        assertFalse(
                CoreKeys.SigningKey.fromSeed(new byte[32])
                        .publicKey()
                        .describe()
                        .contains("DEVELOPMENT"));
    }
}
