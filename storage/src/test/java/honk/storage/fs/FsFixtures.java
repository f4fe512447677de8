package honk.storage.fs;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;

import honk.storage.block.MemoryBlockDevice;
import honk.storage.core.CoreImage;
import honk.storage.core.CoreImageWriter;
import honk.storage.core.CoreKeys;
import honk.storage.core.CoreService;
import honk.storage.kv.KvLog;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;
import honk.supervision.ServiceHandle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A core image, a KV store on a memory device, and the layers over them, for the filesystem's
 * tests. Test keys only.
 */
final class FsFixtures {
    static final CoreKeys.SigningKey KEY =
            CoreKeys.SigningKey.fromSeed(filled(CoreKeys.SEED_BYTES, 3));
    static final byte[] MOTD = "hello from the core\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] BIG = random(5 * 4096 + 17, 7);
    static final byte[] INIT = random(4096, 8);

    private FsFixtures() {}

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The core's files: etc/motd, etc/issue, bin/init (binary), lib/big.jar (several chunks),
     * docs/guide/intro.
     */
    static Map<String, byte[]> coreFiles() {
        var files = new LinkedHashMap<String, byte[]>();
        files.put("etc/motd", MOTD);
        files.put("etc/issue", utf8("honk core\n"));
        files.put("bin/init", INIT);
        files.put("lib/big.jar", BIG);
        files.put("docs/guide/intro", utf8("read me first"));
        return files;
    }

    static CoreImage coreImage() {
        try {
            return CoreImage.fromBytes(
                    CoreImageWriter.write(coreFiles(), 1, KEY),
                    "the test core",
                    List.of(KEY.publicKey()),
                    0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static CoreService coreService() {
        return new CoreService(CompletableFuture.completedFuture(coreImage()));
    }

    /** A KV store on a fresh 4 MiB memory device, its appender spawned in {@code kit}. */
    static KvService kvStore(ActorTestKit kit) {
        var published = new AtomicReference<KvLog>();
        var nonces = new AtomicLong(1);
        var device = new MemoryBlockDevice(4096, 1024);
        var appender =
                kit.spawn(
                        KvStore.create(
                                CompletableFuture.completedFuture(device),
                                nonces::incrementAndGet,
                                published),
                        DispatcherSelector.blocking());
        var handle = new ServiceHandle<KvStore.Command>("kv");
        handle.set(appender);
        return new KvService(handle, new KvReader(published), "a memory device");
    }

    static Layer kvLayer(KvService kv) {
        return new Layer("kv", "kv", true, KvMount.create(kv), DispatcherSelector.blocking());
    }

    static Layer coreLayer(Optional<CoreService> core) {
        return new Layer(
                "core", "core", false, CoreMount.create(() -> core), DispatcherSelector.blocking());
    }

    static Layer layer(String name, akka.actor.typed.Behavior<FsProtocol.Request> mount) {
        return new Layer(name, "test", false, mount, Props.empty());
    }
}
