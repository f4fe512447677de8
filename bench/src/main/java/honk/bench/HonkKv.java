package honk.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;

import com.typesafe.config.ConfigFactory;

import honk.board.linux.LinuxBlockDevice;
import honk.storage.block.BlockDriver;
import honk.storage.block.BlockPort;
import honk.storage.block.DrivenBlockPort;
import honk.storage.block.Layout;
import honk.storage.kv.KvLog;
import honk.storage.kv.KvOp;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvStore;
import honk.supervision.ServiceHandle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * honk's KV store as the system runs it: the {@link KvStore} appender (group commit) on the
 * blocking dispatcher, over the KV region of a file-backed disk opened as the host board opens
 * {@code --disk FILE} ({@link LinuxBlockDevice}: O_DIRECT, fdatasync per batch) and owned by its
 * {@link BlockDriver} actor, and reads through {@link KvReader}. A put is an ask to the appender
 * that returns after its batch's flush. Recovery ({@link #reopen}) replays the log on the device
 * directly, as the store does when it opens.
 */
final class HonkKv implements KvEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CONFIG =
            """
            akka.loglevel = WARNING
            akka.jvm-shutdown-hooks = off
            akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            """;

    /** Puts in flight at once while loading: the appender takes them as a few large batches. */
    private static final int LOAD_WINDOW = 4096;

    private final LinuxBlockDevice device;
    private final ActorSystem<Void> system;
    private final ActorRef<KvStore.Command> store;
    private final KvReader reader;

    private HonkKv(
            LinuxBlockDevice device,
            ActorSystem<Void> system,
            ActorRef<KvStore.Command> store,
            KvReader reader) {
        this.device = device;
        this.system = system;
        this.store = store;
        this.reader = reader;
    }

    /**
     * Makes {@code file} a disk of {@code bytes} (written in full, as a disk's blocks all exist),
     * and starts a store on it, formatted, once its log is open.
     */
    static HonkKv create(Path file, long bytes) throws Exception {
        writeZeros(file, bytes);
        var device = LinuxBlockDevice.open(file, "file");
        var published = new AtomicReference<KvLog>();
        var ref = new CompletableFuture<ActorRef<KvStore.Command>>();
        var random = new SecureRandom();
        var disk = new ServiceHandle<BlockDriver.Command>("disk");
        CompletionStage<BlockPort> opened = CompletableFuture.completedFuture(device);
        CompletionStage<BlockPort> region =
                CompletableFuture.completedFuture(
                        Layout.of(new DrivenBlockPort(disk, device)).kv());
        Behavior<Void> guardian =
                Behaviors.setup(ctx -> { // as StorageServices starts them, without the supervision
                    disk.set(
                            ctx.spawn(
                                    BlockDriver.create(opened, new BlockDriver.Counts()),
                                    "disk",
                                    DispatcherSelector.blocking()));
                    ref.complete(
                            ctx.spawn(
                                    KvStore.create(region, random::nextLong, published),
                                    "kv",
                                    DispatcherSelector.blocking()));
                    return Behaviors.empty();
                });
        var system =
                ActorSystem.create(
                        guardian,
                        "kv-bench",
                        ConfigFactory.parseString(CONFIG).withFallback(ConfigFactory.load()));
        var store = ref.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (published.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the KV store on " + device.describe() + " did not open");
            }
            Thread.sleep(5);
        }
        return new HonkKv(device, system, store, new KvReader(published));
    }

    /**
     * Bytes a disk needs so that one log region of its KV store holds {@code logBytes} and 16 MiB
     * more: the layout's image slots and scratch, its two floor blocks, the store's two superblocks
     * and two log regions.
     */
    static long diskBytesFor(long logBytes) {
        long block = LinuxBlockDevice.FILE_BLOCK_SIZE;
        long region = (logBytes + (16L << 20) + block - 1) / block * block;
        return 2 * Layout.SLOT_BYTES + Layout.SCRATCH_BYTES + 4 * block + 2 * region;
    }

    private static void writeZeros(Path file, long bytes) throws IOException {
        try (var ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < bytes; at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
            }
            ch.force(true);
        }
    }

    @Override
    public String name() {
        return "honk";
    }

    @Override
    public void put(String key, byte[] value) throws Exception {
        check(write(key, value).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    private CompletionStage<KvStore.Result> write(String key, byte[] value) {
        return AskPattern.ask(
                store,
                replyTo -> new KvStore.Write(new KvOp.Put(key, value), replyTo),
                TIMEOUT,
                system.scheduler());
    }

    private static void check(KvStore.Result r) {
        if (r instanceof KvStore.Failed f) {
            throw new IllegalStateException("honk: put failed: " + f.reason());
        }
    }

    @Override
    public void load(List<String> keys, java.util.function.IntFunction<byte[]> values)
            throws Exception {
        for (int from = 0; from < keys.size(); from += LOAD_WINDOW) {
            var inFlight = new ArrayList<CompletableFuture<KvStore.Result>>();
            for (int i = from; i < Math.min(keys.size(), from + LOAD_WINDOW); i++) {
                inFlight.add(write(keys.get(i), values.apply(i)).toCompletableFuture());
            }
            for (var f : inFlight) {
                check(f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    @Override
    public byte[] get(String key) throws Exception {
        return reader.get(key).orElse(null);
    }

    /** Bytes of log in the active region. */
    long logBytes() throws Exception {
        var s = reader.stats();
        return s.usedBlocks() * s.blockSize();
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        device.close();
    }

    /** What reopening found: how long {@link KvLog#open} took and how many keys it replayed. */
    record Reopened(double seconds, int keys) {}

    /**
     * Recovery as the store does it after a restart: opens the disk and replays the log ({@link
     * KvLog#open}), timed from opening the file to the index being ready.
     */
    static Reopened reopen(Path file) throws IOException {
        long t0 = System.nanoTime();
        try (var device = LinuxBlockDevice.open(file, "file")) {
            KvLog log = KvLog.open(Layout.of(device).kv(), new SecureRandom()::nextLong);
            return new Reopened((System.nanoTime() - t0) / 1e9, log.size());
        }
    }
}
