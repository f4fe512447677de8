package honk.storage.core;

import static honk.storage.core.CoreFixtures.KEY;
import static honk.storage.core.CoreFixtures.TRUSTED;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.block.MemoryBlockDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Round trip, as a property: 300 random file sets (0 to 30 files; sizes around the chunk boundaries
 * and up to 40 KiB; paths of ASCII, dots and non-ASCII segments) on devices of random block size.
 * Each image opens, lists exactly its files in UTF-8 order, reads every file whole and in random
 * ranges, is the same bytes when the files come in another order, and after one random data byte is
 * flipped on the device refuses exactly the file that owns that chunk.
 */
@Timeout(120)
class CoreImagePropertyTest {
    private static final String[] SEGMENTS = {
        "bin",
        "lib",
        "etc",
        "a",
        "b.c",
        "..x",
        ".rc",
        "ünï",
        "ファイル",
        "z-1",
        "\uE000",
        "\uD83D\uDE00"
    };
    private static final int[] BLOCK_SIZES = {512, 1024, 4096, 8192};

    @Test
    void randomFileSetsRoundTrip() throws IOException {
        var random = new Random(2024);
        int files = 0;
        for (int round = 0; round < 300; round++) {
            files += roundTrip(random);
        }
        assertTrue(files > 3000, "only " + files + " files in all");
    }

    private static int roundTrip(Random random) throws IOException {
        Map<String, byte[]> files = randomFiles(random);
        long version = random.nextLong();
        byte[] image = CoreImageWriter.write(files, version, KEY);
        int bs = BLOCK_SIZES[random.nextInt(BLOCK_SIZES.length)];
        var slot = new MemoryBlockDevice(bs, (image.length + bs - 1) / bs + random.nextInt(3));
        CoreFixtures.put(slot, image);
        CoreImage core = CoreImage.open(slot, TRUSTED, version);

        List<String> sorted = new ArrayList<>(files.keySet());
        sorted.sort((x, y) ->
                Arrays.compareUnsigned(
                        x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sorted, core.files().stream().map(CoreFile::path).toList());
        for (var e : files.entrySet()) {
            byte[] want = e.getValue();
            assertArrayEquals(want, core.read(e.getKey()), e.getKey());
            int offset = random.nextInt(want.length + 1);
            int length = random.nextInt(want.length + 10);
            byte[] range = Arrays.copyOfRange(want, offset, Math.min(want.length, offset + length));
            assertArrayEquals(
                    range,
                    core.read(e.getKey(), offset, length),
                    e.getKey() + " at " + offset + "+" + length);
        }

        List<String> shuffled = new ArrayList<>(files.keySet());
        Collections.shuffle(shuffled, random);
        var reordered = new LinkedHashMap<String, byte[]>();
        shuffled.forEach(p -> reordered.put(p, files.get(p)));
        assertArrayEquals(image, CoreImageWriter.write(reordered, version, KEY));

        flipOneDataByte(random, core, slot, files);
        return files.size();
    }

    private static void flipOneDataByte(
            Random random, CoreImage core, MemoryBlockDevice slot, Map<String, byte[]> files)
            throws IOException {
        int headerBytes = (int) (core.imageBytes() - dataBytes(files));
        int dataChunks = (int) (dataBytes(files) / 4096);
        if (dataChunks == 0) {
            return;
        }
        int chunk = random.nextInt(dataChunks);
        CoreFixtures.flip(slot, headerBytes + (long) chunk * 4096 + random.nextInt(4096));
        int first = 0;
        for (CoreFile f : core.files()) {
            int chunks = (int) ((f.size() + 4095) / 4096);
            if (chunk >= first && chunk < first + chunks) {
                assertThrows(CoreImageException.Corrupt.class, () -> core.read(f.path()), f.path());
            } else {
                assertArrayEquals(files.get(f.path()), core.read(f.path()), f.path());
            }
            first += chunks;
        }
    }

    private static long dataBytes(Map<String, byte[]> files) {
        return files.values().stream().mapToLong(b -> (b.length + 4095L) / 4096 * 4096).sum();
    }

    private static Map<String, byte[]> randomFiles(Random random) {
        int count = random.nextInt(31);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Set<String> dirs = new HashSet<>();
        while (files.size() < count) {
            int depth = 1 + random.nextInt(3);
            var path = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                path.append(d > 0 ? "/" : "").append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
            path.append(random.nextInt(1000)); // files are leaves: a name no directory has
            String p = path.toString();
            String dir = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
            if (!files.containsKey(p) && !dirs.contains(p)) {
                files.put(p, CoreFixtures.bytes(randomSize(random), random.nextLong()));
                dirs.add(dir);
            }
        }
        return files;
    }

    private static int randomSize(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 4096 * (1 + random.nextInt(3)) + random.nextInt(3) - 1;
            case 2 -> random.nextInt(100);
            default -> random.nextInt(40_000);
        };
    }
}
