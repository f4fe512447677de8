package honk.storage.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;

import honk.storage.block.BlockPort;
import honk.storage.block.FaultyBlockDevice;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class KvStoreTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private final AtomicLong nonce = new AtomicLong();
    private final AtomicReference<KvLog> published = new AtomicReference<>();
    private final KvReader reader = new KvReader(published);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** The store as the system runs it: restarted by its supervisor after a failure. */
    private ActorRef<KvStore.Command> store(CompletableFuture<BlockPort> device) {
        return testKit.spawn(
                Behaviors.supervise(KvStore.create(device, nonce::incrementAndGet, published))
                        .onFailure(SupervisorStrategy.restart()));
    }

    private static KvOp put(String key, String value) {
        return new KvOp.Put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private String text(String key) throws Exception {
        return reader.get(key).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void writesQueuedTogetherAreCommittedAsFewBatches() throws Exception {
        var device = new FaultyBlockDevice(512, 2048);
        var kv = store(CompletableFuture.completedFuture(device));
        TestProbe<KvStore.Result> probe = testKit.createTestProbe();
        for (int i = 0; i < 200; i++) {
            kv.tell(new KvStore.Write(put("k" + i, "v" + i), probe.getRef()));
        }
        for (int i = 0; i < 200; i++) {
            probe.expectMessageClass(KvStore.Done.class);
        }
        long batches = reader.stats().batches();
        System.out.println(
                "kv store: 200 writes in "
                        + batches
                        + " batches, "
                        + device.flushes()
                        + " flushes");
        assertTrue(batches < 200, "group commit: " + batches + " batches for 200 writes");
        assertEquals(0, device.unflushedBlocks(), "every acknowledged write was flushed");
        assertEquals("v199", text("k199"));
    }

    @Test
    void writesWaitForTheDeviceAndThenLand() throws Exception {
        var device = new CompletableFuture<BlockPort>();
        var kv = store(device);
        TestProbe<KvStore.Result> probe = testKit.createTestProbe();
        kv.tell(new KvStore.Write(put("early", "bird"), probe.getRef()));
        probe.expectNoMessage(Duration.ofMillis(200));
        device.complete(new FaultyBlockDevice(512, 256));
        probe.expectMessageClass(KvStore.Done.class);
        assertEquals("bird", text("early"));
    }

    @Test
    void noDeviceMeansEveryRequestFailsWithTheReason() {
        var kv =
                store(
                        CompletableFuture.failedFuture(
                                new IllegalStateException(
                                        "no block device (boot with --disk FILE)")));
        TestProbe<KvStore.Result> probe = testKit.createTestProbe();
        kv.tell(new KvStore.Write(put("a", "1"), probe.getRef()));
        var failed = probe.expectMessageClass(KvStore.Failed.class);
        assertTrue(failed.reason().contains("--disk"), failed.reason());
        kv.tell(new KvStore.Reset(probe.getRef()));
        probe.expectMessageClass(KvStore.Failed.class);
    }

    @Test
    void aFailedFlushIsReportedAndTheRestartedStoreRecoversFromDisk() throws Exception {
        var device = new FaultyBlockDevice(512, 256);
        var kv = store(CompletableFuture.completedFuture(device));
        TestProbe<KvStore.Result> probe = testKit.createTestProbe();
        kv.tell(new KvStore.Write(put("kept", "1"), probe.getRef()));
        probe.expectMessageClass(KvStore.Done.class);
        device.failNextFlush();
        kv.tell(new KvStore.Write(put("lost", "2"), probe.getRef()));
        var failed = probe.expectMessageClass(KvStore.Failed.class);
        assertTrue(failed.reason().contains("not written"), failed.reason());
        kv.tell(new KvStore.Write(put("after", "3"), probe.getRef()));
        probe.expectMessageClass(KvStore.Done.class);
        assertEquals("1", text("kept"));
        assertEquals("3", text("after"));
    }

    @Test
    void resetAndCompactRunAfterTheWritesBeforeThem() throws Exception {
        var kv = store(CompletableFuture.completedFuture(new FaultyBlockDevice(512, 256)));
        TestProbe<KvStore.Result> probe = testKit.createTestProbe();
        kv.tell(new KvStore.Write(put("a", "1"), probe.getRef()));
        kv.tell(new KvStore.Compact(probe.getRef()));
        kv.tell(new KvStore.Write(put("b", "2"), probe.getRef()));
        kv.tell(new KvStore.Reset(probe.getRef()));
        kv.tell(new KvStore.Write(put("c", "3"), probe.getRef()));
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(KvStore.Done.class, probe.receiveMessage());
        }
        assertEquals(java.util.List.of("c"), reader.keys());
    }

    @Test
    void aWriteTooLargeForTheStoreFailsAloneAndTheOthersLand() throws Exception {
        var kv = store(CompletableFuture.completedFuture(new FaultyBlockDevice(512, 34)));
        TestProbe<KvStore.Result> probe = testKit.createTestProbe();
        kv.tell(new KvStore.Write(put("small", "1"), probe.getRef()));
        kv.tell(new KvStore.Write(new KvOp.Put("huge", new byte[20_000]), probe.getRef()));
        kv.tell(new KvStore.Write(put("small2", "2"), probe.getRef()));
        int done = 0;
        int failed = 0;
        for (int i = 0; i < 3; i++) {
            if (probe.receiveMessage() instanceof KvStore.Done) {
                done++;
            } else {
                failed++;
            }
        }
        assertEquals(2, done);
        assertEquals(1, failed);
        assertEquals(java.util.List.of("small", "small2"), reader.keys());
    }
}
