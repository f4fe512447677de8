package honk.storage;

import akka.actor.typed.DispatcherSelector;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ServiceProvider;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockDriver;
import honk.storage.block.BlockPort;
import honk.storage.block.DrivenBlockPort;
import honk.storage.block.Layout;
import honk.storage.block.OtherDisks;
import honk.storage.block.PrimaryDisk;
import honk.storage.core.CoreBoot;
import honk.storage.core.CoreService;
import honk.storage.core.CoreSource;
import honk.storage.fs.FsService;
import honk.storage.fs.HostLayer;
import honk.storage.kv.KvLog;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;
import honk.storage.ninep.NinePShare;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The storage module's system services: the primary device's driver actor ({@code disk}), one per
 * other device (under {@code disks}), the KV store on the device's KV region, and the filesystem
 * ({@code fs}: the VFS root over kv and the core); and, when the board describes its core ({@link
 * CoreSource}), the core's boot over the same driver. Without a device the services still run and
 * answer every request with the reason. Every board entry it reads is optional ({@link #uses}); a
 * board may hand over a booted {@link CoreService} of its own. Each is {@link
 * ServiceProvider#standalone standalone}: restarted in place by the system supervisor with an
 * intensity of its own, so a failing disk never panics the kernel.
 */
public final class StorageServices implements ServiceProvider {
    @Override
    public Set<Class<?>> provides() {
        return Set.of(
                PrimaryDisk.class,
                OtherDisks.class,
                CoreService.class,
                KvService.class,
                FsService.class);
    }

    @Override
    public Set<Class<?>> uses() {
        return Set.of(
                BlockDevices.class,
                CoreSource.class,
                CoreService.class,
                HostLayer.class,
                NinePShare.class);
    }

    @Override
    public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
        var devices = entries.use(BlockDevices.class);
        CompletionStage<BlockPort> device =
                devices.map(BlockDevices::primary)
                        .orElse(
                                CompletableFuture.failedFuture(
                                        new IllegalStateException(
                                                "this board offers no block device (on the host"
                                                    + " board: scripts/run --host --disk FILE)")));
        var disk = new ServiceHandle<BlockDriver.Command>("disk");
        CompletionStage<BlockPort> primary = device.thenApply(d -> new DrivenBlockPort(disk, d));
        entries.provide(PrimaryDisk.class, new PrimaryDisk(disk, primary));
        var others = new OtherDisks();
        entries.provide(OtherDisks.class, others);
        Optional<CoreService> core = entries.use(CoreService.class);
        if (core.isEmpty()) {
            core =
                    entries.use(CoreSource.class)
                            .map(source ->
                                    CoreBoot.start(
                                            primary,
                                            source.trusted(),
                                            source.shipped(),
                                            source.log()));
            core.ifPresent(booted -> entries.provide(CoreService.class, booted));
        }

        CompletionStage<BlockPort> region = primary.thenApply(port -> Layout.of(port).kv());
        var published = new AtomicReference<KvLog>();
        var unavailable = new AtomicReference<String>();
        var handle = new ServiceHandle<KvStore.Command>("kv");
        String where = devices.isPresent() ? "the primary device's KV region" : "none";
        var kv = new KvService(handle, new KvReader(published, unavailable), where);
        entries.provide(KvService.class, kv);
        var random = new SecureRandom();
        var kvSettled = new CompletableFuture<Void>();
        kernel.readiness().track("kv", kvSettled);
        core.ifPresent(c -> kernel.readiness().track("core", c.image()));
        return List.of(
                ServiceProvider.standalone(
                                "disk", BlockDriver.create(device, new BlockDriver.Counts()))
                        .handle(disk)
                        .props(DispatcherSelector.blocking()), // its calls block in the kernel
                ServiceProvider.standalone(
                        "disks",
                        others.create(
                                devices.map(BlockDevices::others)
                                        .orElse(CompletableFuture.completedFuture(List.of())))),
                ServiceProvider.standalone(
                                "kv",
                                KvStore.create(
                                        region,
                                        random::nextLong,
                                        published,
                                        unavailable,
                                        kvSettled))
                        .handle(handle)
                        .props(
                                DispatcherSelector
                                        .blocking()), // every write ends in a flush: keep it off
                // the harts' dispatcher
                FsService.install(
                        kernel, entries, kv,
                        core)); // after kv: its kv layer writes through the store's appender
    }
}
