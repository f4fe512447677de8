package honk.storage.core;

import static honk.storage.core.CoreFixtures.KEY;
import static honk.storage.core.CoreFixtures.TRUSTED;
import static honk.storage.core.CoreFixtures.flip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import honk.storage.block.MemoryBlockDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Every way an image can be damaged or forged is refused with the failure class that names it. */
@Timeout(120)
class CoreImageCorruptionTest {
    private final byte[] image = CoreFixtures.image(5);
    private final int manifestBytes = CoreManifest.le(ByteBuffer.wrap(image)).getInt(12);
    private final int signatureAt = CoreManifest.PREAMBLE_BYTES + manifestBytes;
    private final MemoryBlockDevice slot = new MemoryBlockDevice(512, 128);

    CoreImageCorruptionTest() throws IOException {
        CoreFixtures.put(slot, image);
    }

    private <T extends CoreImageException> T refused(Class<T> type, String expected) {
        T e = assertThrows(type, () -> CoreImage.open(slot, TRUSTED, 0));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e;
    }

    @Test
    void theUntouchedImageOpens() throws IOException {
        assertEquals(5, CoreImage.open(slot, TRUSTED, 0).version());
    }

    @Test
    void everyByteOfTheHeaderIsCoveredByACheck() throws IOException {
        for (int at = 0; at < 4096; at++) {
            flip(slot, at);
            try {
                CoreImage.open(slot, TRUSTED, 0);
                fail("a flipped header byte at " + at + " went unnoticed");
            } catch (CoreImageException e) {
                Class<?> expected =
                        at < 12
                                ? CoreImageException.Malformed.class
                                : at < 16
                                        ? CoreImageException.class
                                        : at < signatureAt + 64
                                                ? CoreImageException.Untrusted.class
                                                : CoreImageException.Corrupt.class;
                assertInstanceOf(expected, e, "byte " + at + ": " + e.getMessage());
            }
            flip(slot, at);
        }
    }

    @Test
    void aFlippedManifestByteBreaksTheSignature() throws IOException {
        flip(slot, CoreManifest.PREAMBLE_BYTES + 40); // the header length
        refused(CoreImageException.Untrusted.class, "the signature does not verify");
    }

    @Test
    void aFlippedSignatureByteIsRefused() throws IOException {
        flip(slot, signatureAt + 63);
        refused(CoreImageException.Untrusted.class, "the signature does not verify");
    }

    @Test
    void aFlippedMagicSaysThereIsNoImage() throws IOException {
        flip(slot, 0);
        refused(CoreImageException.Malformed.class, "no core image here");
    }

    @Test
    void aBlankSlotHoldsNoImage() {
        assertThrows(
                CoreImageException.Malformed.class,
                () -> CoreImage.open(new MemoryBlockDevice(512, 64), TRUSTED, 0));
    }

    @Test
    void aFlippedDataByteFailsTheMerkleRootAtOpen() throws IOException {
        flip(slot, 4096 + 3 * 4096 + 100);
        refused(CoreImageException.Corrupt.class, "does not match the signed Merkle root");
    }

    @Test
    void aByteFlippedAfterOpenFailsReadsOfThatChunkOnlyAndOtherFilesStillRead() throws IOException {
        CoreImage core = CoreImage.open(slot, TRUSTED, 0);
        // Sorted: bin/init (chunk 0), etc/empty (none), etc/motd (chunk 1), lib/big.jar (chunks
        // 2..7).
        flip(slot, 4096 + 4 * 4096 + 7); // chunk 4: the third chunk of lib/big.jar
        var e = assertThrows(CoreImageException.Corrupt.class, () -> core.read("lib/big.jar"));
        assertTrue(
                e.getMessage().contains("chunk 4") && e.getMessage().contains("lib/big.jar"),
                e.getMessage());
        assertThrows(
                CoreImageException.Corrupt.class, () -> core.read("lib/big.jar", 2 * 4096 + 5, 1));
        byte[] big = CoreFixtures.someFiles().get("lib/big.jar");
        assertArrayEquals(
                Arrays.copyOf(big, 2 * 4096),
                core.read("lib/big.jar", 0, 2 * 4096),
                "the chunks before it");
        assertArrayEquals(
                Arrays.copyOfRange(big, 3 * 4096, big.length),
                core.read("lib/big.jar", 3 * 4096, big.length));
        for (String other : List.of("bin/init", "etc/motd", "etc/empty")) {
            assertArrayEquals(CoreFixtures.someFiles().get(other), core.read(other), other);
        }
    }

    @Test
    void aByteFlippedInAFilesPaddingAfterOpenIsCaughtToo() throws IOException {
        CoreImage core = CoreImage.open(slot, TRUSTED, 0);
        flip(slot, 4096 + 4096 + 4000); // etc/motd is 20 bytes; this is its chunk's padding
        assertThrows(CoreImageException.Corrupt.class, () -> core.read("etc/motd"));
    }

    @Test
    void anImageCutOffInItsHeaderOrDataIsTruncated() {
        var e =
                assertThrows(
                        CoreImageException.Truncated.class,
                        () ->
                                CoreImage.fromBytes(
                                        Arrays.copyOf(image, 100), "cut.img", TRUSTED, 0));
        assertTrue(
                e.getMessage().contains("core image in cut.img: the header needs"), e.getMessage());
        e =
                assertThrows(
                        CoreImageException.Truncated.class,
                        () ->
                                CoreImage.fromBytes(
                                        Arrays.copyOf(image, image.length - 4096),
                                        "cut.img",
                                        TRUSTED,
                                        0));
        assertTrue(e.getMessage().contains("it is cut off"), e.getMessage());
        assertThrows(
                CoreImageException.Truncated.class,
                () -> CoreImage.fromBytes(new byte[3], "tiny.img", TRUSTED, 0));
    }

    @Test
    void anImageCutOffOnASlotFailsTheMerkleRoot() throws IOException {
        var blank = new MemoryBlockDevice(512, 128);
        CoreFixtures.put(blank, Arrays.copyOf(image, image.length - 4096));
        assertThrows(CoreImageException.Corrupt.class, () -> CoreImage.open(blank, TRUSTED, 0));
    }

    @Test
    void anImageTooLargeForItsSlotIsTruncated() throws IOException {
        var small = new MemoryBlockDevice(512, 16); // 8 KiB; the image is 32 KiB
        small.write(0, ByteBuffer.wrap(Arrays.copyOf(image, 8192)));
        var e =
                assertThrows(
                        CoreImageException.Truncated.class,
                        () -> CoreImage.open(small, TRUSTED, 0));
        assertTrue(e.getMessage().contains("or too large for the slot"), e.getMessage());
    }

    @Test
    void bytesAfterTheImageAreRefusedWhenVerifyingInMemory() {
        byte[] longer = Arrays.copyOf(image, image.length + 1);
        assertThrows(
                CoreImageException.Malformed.class,
                () -> CoreImage.fromBytes(longer, "long.img", TRUSTED, 0));
    }

    @Test
    void anImageSignedByAnUntrustedKeyIsRefusedNamingTheKey() throws IOException {
        CoreFixtures.put(
                slot, CoreImageWriter.write(CoreFixtures.someFiles(), 5, CoreFixtures.OTHER_KEY));
        refused(
                CoreImageException.Untrusted.class,
                "signed by " + CoreFixtures.OTHER_KEY.publicKey() + ", which is not one of");
    }

    @Test
    void anyOfSeveralTrustedKeysMaySign() throws IOException {
        CoreFixtures.put(
                slot, CoreImageWriter.write(CoreFixtures.someFiles(), 5, CoreFixtures.OTHER_KEY));
        var both = List.of(KEY.publicKey(), CoreFixtures.OTHER_KEY.publicKey());
        assertEquals(CoreFixtures.OTHER_KEY.publicKey(), CoreImage.open(slot, both, 0).signer());
    }

    @Test
    void aSignatureMovedToAnotherKeysManifestIsRefused() throws IOException {
        // The trusted key's id pasted over an image signed by another key: the signature no longer
        // verifies.
        byte[] forged = CoreImageWriter.write(CoreFixtures.someFiles(), 5, CoreFixtures.OTHER_KEY);
        System.arraycopy(KEY.publicKey().raw(), 0, forged, CoreManifest.PREAMBLE_BYTES, 32);
        CoreFixtures.put(slot, forged);
        refused(CoreImageException.Untrusted.class, "the signature does not verify");
    }

    @Test
    void anImageBelowTheFloorIsRollbackAndOneAtTheFloorOpens() throws IOException {
        var e =
                assertThrows(
                        CoreImageException.Rollback.class, () -> CoreImage.open(slot, TRUSTED, 6));
        assertTrue(
                e.getMessage().contains("version 5 is below the anti-rollback floor 6"),
                e.getMessage());
        assertEquals(5, CoreImage.open(slot, TRUSTED, 5).version());
    }

    @Test
    void versionsCompareUnsigned() throws IOException {
        CoreFixtures.put(
                slot, CoreImageWriter.write(Map.of("x", new byte[1]), -1L, KEY)); // 2^64 - 1
        assertEquals(-1L, CoreImage.open(slot, TRUSTED, Long.MAX_VALUE).version());
        CoreFixtures.put(slot, CoreImageWriter.write(Map.of("x", new byte[1]), 7, KEY));
        var e =
                assertThrows(
                        CoreImageException.Rollback.class,
                        () -> CoreImage.open(slot, TRUSTED, -1L));
        assertTrue(e.getMessage().contains("floor 18446744073709551615"), e.getMessage());
    }

    @Test
    void aManifestSignedByATrustedKeyButMalformedIsStillRefused() throws IOException {
        byte[] bad = image.clone();
        ByteBuffer b = CoreManifest.le(ByteBuffer.wrap(bad));
        b.putLong(
                CoreManifest.PREAMBLE_BYTES + 44,
                b.getLong(CoreManifest.PREAMBLE_BYTES + 44) + 4096); // data length
        resign(bad);
        CoreFixtures.put(slot, bad);
        refused(
                CoreImageException.Malformed.class,
                "the signed manifest is malformed (a data length of");
    }

    @Test
    void aManifestWithAPathThatEscapesTheImageIsRefusedEvenIfSigned() throws IOException {
        byte[] bad = CoreImageWriter.write(Map.of("ab/cd", new byte[1]), 1, KEY);
        int pathAt = CoreManifest.PREAMBLE_BYTES + CoreManifest.FIXED_BYTES + 2;
        System.arraycopy("../cd".getBytes(StandardCharsets.US_ASCII), 0, bad, pathAt, 5);
        resign(bad);
        CoreFixtures.put(slot, bad);
        refused(CoreImageException.Malformed.class, "'..' segment");
    }

    private static void resign(byte[] image) {
        int signed =
                CoreManifest.PREAMBLE_BYTES + CoreManifest.le(ByteBuffer.wrap(image)).getInt(12);
        byte[] signature = CoreKeys.sign(KEY, Arrays.copyOf(image, signed));
        System.arraycopy(signature, 0, image, signed, signature.length);
    }

    @Test
    void noTrustedKeysIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> CoreImage.open(slot, List.of(), 0));
    }
}
