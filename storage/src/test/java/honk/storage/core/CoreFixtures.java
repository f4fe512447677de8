package honk.storage.core;

import honk.storage.block.BlockPort;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Keys, files and device helpers shared by the core image tests. The keys are made from fixed seeds
 * for tests only.
 */
final class CoreFixtures {
    static final CoreKeys.SigningKey KEY = CoreKeys.SigningKey.fromSeed(seed(1));
    static final CoreKeys.SigningKey OTHER_KEY = CoreKeys.SigningKey.fromSeed(seed(2));
    static final List<CoreKeys.PublicKey> TRUSTED = List.of(KEY.publicKey());

    private CoreFixtures() {}

    private static byte[] seed(int n) {
        byte[] s = new byte[CoreKeys.SEED_BYTES];
        Arrays.fill(s, (byte) n);
        return s;
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A small core: a few files, one empty, one spanning several chunks. */
    static Map<String, byte[]> someFiles() {
        var files = new LinkedHashMap<String, byte[]>();
        files.put("etc/motd", "hello from the core\n".getBytes(StandardCharsets.UTF_8));
        files.put("etc/empty", new byte[0]);
        files.put("lib/big.jar", bytes(5 * 4096 + 17, 7));
        files.put("bin/init", bytes(4096, 8));
        return files;
    }

    static byte[] image(long version) {
        return CoreImageWriter.write(someFiles(), version, KEY);
    }

    /**
     * Writes {@code image} (padded to whole blocks) at the start of {@code port} and flushes it.
     */
    static void put(BlockPort port, byte[] image) throws IOException {
        int bs = port.blockSize();
        port.write(0, ByteBuffer.wrap(Arrays.copyOf(image, (image.length + bs - 1) / bs * bs)));
        port.flush();
    }

    /** Flips every bit of the byte at {@code offset} of {@code port}. */
    static void flip(BlockPort port, long offset) throws IOException {
        int bs = port.blockSize();
        ByteBuffer block = ByteBuffer.allocate(bs);
        port.read(offset / bs, block);
        int at = (int) (offset % bs);
        block.put(at, (byte) ~block.get(at));
        block.rewind();
        port.write(offset / bs, block);
        port.flush();
    }

    /** The bytes {@code [0, length)} of {@code port}. */
    static byte[] snapshot(BlockPort port, int length) throws IOException {
        int bs = port.blockSize();
        ByteBuffer b = ByteBuffer.allocate((length + bs - 1) / bs * bs);
        port.read(0, b);
        return Arrays.copyOf(b.array(), length);
    }
}
