package honk.storage.core;

import static honk.storage.core.CoreFixtures.KEY;
import static honk.storage.core.CoreFixtures.TRUSTED;
import static honk.storage.core.CoreFixtures.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.block.MemoryBlockDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

@Timeout(60)
class CoreImageTest {
    private static Map<String, byte[]> manyFiles() {
        var files = new TreeMap<String, byte[]>();
        for (int i = 0; i < 60; i++) {
            int size =
                    switch (i % 6) {
                        case 0 -> 0;
                        case 1 -> 1;
                        case 2 -> 4095;
                        case 3 -> 4096;
                        case 4 -> 4097;
                        default -> 100 + i * 37;
                    };
            files.put("dir" + i % 7 + "/file-" + i + ".bin", bytes(size, i));
        }
        files.put("big/spans-many-chunks", bytes(300 * 4096 + 123, 99));
        files.put("empty", new byte[0]);
        return files;
    }

    private static CoreImage open(byte[] image, int blockSize) throws IOException {
        var slot = new MemoryBlockDevice(blockSize, (image.length + blockSize - 1) / blockSize + 3);
        CoreFixtures.put(slot, image);
        return CoreImage.open(slot, TRUSTED, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096, 8192})
    void manyFilesRoundTripIncludingEmptyOnesAndOneSpanningManyChunks(int blockSize)
            throws IOException {
        Map<String, byte[]> files = manyFiles();
        CoreImage core = open(CoreImageWriter.write(files, 42, KEY), blockSize);
        assertEquals(42, core.version());
        assertEquals(KEY.publicKey(), core.signer());
        assertEquals(files.size(), core.files().size());
        for (var e : files.entrySet()) {
            assertEquals(
                    new CoreFile(e.getKey(), e.getValue().length),
                    core.file(e.getKey()).orElseThrow());
            assertArrayEquals(e.getValue(), core.read(e.getKey()), e.getKey());
        }
    }

    @Test
    void rangesCrossChunkBoundariesAndStopAtTheEndOfTheFile() throws IOException {
        byte[] big = bytes(10 * 4096 + 5, 3);
        CoreImage core =
                open(
                        CoreImageWriter.write(
                                Map.of("a", bytes(10, 1), "big", big, "c", bytes(10, 2)), 1, KEY),
                        512);
        assertArrayEquals(Arrays.copyOfRange(big, 4090, 4100), core.read("big", 4090, 10));
        assertArrayEquals(Arrays.copyOfRange(big, 1, 9 * 4096), core.read("big", 1, 9 * 4096 - 1));
        assertArrayEquals(
                Arrays.copyOfRange(big, big.length - 5, big.length),
                core.read("big", big.length - 5, 1000));
        assertEquals(0, core.read("big", big.length, 10).length);
        assertEquals(0, core.read("big", 7, 0).length);
        assertThrows(IllegalArgumentException.class, () -> core.read("big", big.length + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> core.read("big", -1, 1));
        assertThrows(IllegalArgumentException.class, () -> core.read("big", 0, -1));
    }

    @Test
    void aMissingFileIsNoSuchFileNamingTheImage() throws IOException {
        CoreImage core = open(CoreFixtures.image(1), 512);
        var e = assertThrows(NoSuchFileException.class, () -> core.read("etc/passwd"));
        assertTrue(
                e.getMessage().contains("etc/passwd")
                        && e.getMessage().contains("core image in memory"),
                e.getMessage());
        assertTrue(core.file("etc/passwd").isEmpty());
    }

    @Test
    void anImageWithNoFilesIsOneHeaderChunk() throws IOException {
        byte[] image = CoreImageWriter.write(Map.of(), 3, KEY);
        assertEquals(4096, image.length);
        CoreImage core = open(image, 512);
        assertEquals(List.of(), core.files());
        assertEquals(3, core.version());
    }

    @Test
    void theLayoutIsAHeaderChunkThenEachFileOnItsOwnChunks() {
        byte[] image =
                CoreImageWriter.write(
                        Map.of("b", bytes(5000, 1), "a", bytes(3, 2), "e", new byte[0]), 9, KEY);
        ByteBuffer b = CoreManifest.le(ByteBuffer.wrap(image));
        assertEquals("HONKCORE", new String(image, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(8));
        assertEquals(4096, b.getInt(16 + 40), "header length");
        assertEquals(3 * 4096, b.getLong(16 + 44), "data length: a takes one chunk, b two, e none");
        assertEquals(4096 + 3 * 4096, image.length);
        assertEquals(9, b.getLong(16 + 32));
        assertArrayEquals(bytes(3, 2), Arrays.copyOfRange(image, 4096, 4099));
        assertArrayEquals(bytes(5000, 1), Arrays.copyOfRange(image, 8192, 8192 + 5000));
    }

    @Test
    void theSameFilesAndKeyGiveTheSameBytesInWhateverOrderTheyCome() {
        Map<String, byte[]> files = manyFiles();
        List<String> paths = new ArrayList<>(files.keySet());
        Collections.shuffle(paths, new Random(5));
        var shuffled = new LinkedHashMap<String, byte[]>();
        paths.forEach(p -> shuffled.put(p, files.get(p).clone()));
        assertArrayEquals(
                CoreImageWriter.write(files, 7, KEY), CoreImageWriter.write(shuffled, 7, KEY));
    }

    @Test
    void filesAreListedInUtf8ByteOrderNotUtf16Order() throws IOException {
        String privateUse = "\uE000"; // UTF-8 EE 80 80; UTF-16 E000
        String emoji =
                "\uD83D\uDE00"; // UTF-8 F0 9F 98 80; UTF-16 D83D DE00, which sorts first in a
        // String
        CoreImage core =
                open(
                        CoreImageWriter.write(
                                Map.of(
                                        emoji,
                                        bytes(1, 1),
                                        privateUse,
                                        bytes(1, 2),
                                        "z",
                                        new byte[0]),
                                1,
                                KEY),
                        512);
        assertEquals(
                List.of("z", privateUse, emoji),
                core.files().stream().map(CoreFile::path).toList());
    }

    @Test
    void describeNamesVersionFilesAndSlot() throws IOException {
        CoreImage core = open(CoreFixtures.image(12), 512);
        assertTrue(core.describe().startsWith("core image version 12 (4 files, "), core.describe());
    }
}
