package honk.storage;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.supervision.testing.Eventually;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A whole kernel booted on fakes with {@code disk} as its primary device, returned once the KV
 * store is open.
 */
public final class StorageKernel {
    private StorageKernel() {}

    /**
     * Boots with {@code registry} (plus the disk) on 2 harts and waits (up to 30 s) for the store
     * to open its log.
     */
    public static BootedKernel boot(BlockPort disk, Registry registry) throws Exception {
        registry.put(BlockDevices.class, () -> CompletableFuture.<BlockPort>completedFuture(disk));
        BootedKernel k = BootedKernel.boot(2, registry, new StorageServices());
        // the store opens its log in the background after boot
        Eventually.await(
                "the KV store opens its log",
                Duration.ofSeconds(30),
                () -> k.sh("kv").getFirst(),
                l -> l.matches("kv: \\d+ keys;.*"));
        return k;
    }
}
