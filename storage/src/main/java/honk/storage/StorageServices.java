package honk.storage;

import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ServiceProvider;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.block.Layout;
import honk.storage.fs.FsService;
import honk.storage.kv.KvLog;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;
import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The storage module's system services: the KV store on the KV region of the board's primary
 * device, and the filesystem ({@code fs}: the VFS root over kv and the core). Without a device the
 * services still run and answer every request with the reason. Each absorbs its own restarts
 * (backoff 200 ms to 10 s), so a failing disk never panics the kernel.
 */
public final class StorageServices implements ServiceProvider {
    @Override
    public List<ChildSpec<?>> services(Kernel kernel) {
        var devices = kernel.registry().get(BlockDevices.class);
        CompletionStage<BlockPort> region = devices
                .map(d -> d.primary().thenApply(device -> (BlockPort) Layout.of(device).kv()))
                .orElse(CompletableFuture.failedFuture(new IllegalStateException(
                        "this board offers no block device (on the host board: scripts/run --host --disk FILE)")));
        var published = new AtomicReference<KvLog>();
        var handle = new ServiceHandle<KvStore.Command>("kv");
        String device = devices.isPresent() ? "the primary device's KV region" : "none";
        var kv = new KvService(handle, new KvReader(published), device);
        kernel.registry().put(KvService.class, kv);
        var random = new SecureRandom();
        var store = Behaviors.supervise(KvStore.create(region, random::nextLong, published))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        return List.of(ChildSpec.worker("kv", store)
                .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2))
                .handle(handle)
                .props(DispatcherSelector.blocking()), // every write ends in a flush: keep it off the harts' dispatcher
                FsService.install(kernel, kv)); // after kv: its kv layer writes through the store's appender
    }
}
