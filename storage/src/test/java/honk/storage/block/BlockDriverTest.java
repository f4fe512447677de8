package honk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;

import honk.storage.kv.KvLog;
import honk.storage.kv.KvOp;
import honk.supervision.ServiceHandle;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The driver actor that owns a device, and the blocking port its users call it through. */
@Timeout(60)
class BlockDriverTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /**
     * A supervised driver over {@code device} (restarted on a crash, like the storage service's)
     * and a port through it.
     */
    private static DrivenBlockPort driven(
            CompletionStage<BlockPort> device,
            BlockPort geometry,
            BlockDriver.Counts counts,
            ServiceHandle<BlockDriver.Command> handle) {
        var ref =
                testKit.spawn(
                        Behaviors.supervise(BlockDriver.create(device, counts))
                                .onFailure(SupervisorStrategy.restart()));
        handle.set(ref);
        return new DrivenBlockPort(handle, geometry);
    }

    private static BlockDriver.Stats stats(ServiceHandle<BlockDriver.Command> handle)
            throws Exception {
        var reply = new CompletableFuture<BlockDriver.Stats>();
        handle.tell(new BlockDriver.GetStats(reply));
        return reply.get(10, TimeUnit.SECONDS);
    }

    private static ByteBuffer block(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    @Test
    void readsWritesAndFlushesGoThroughTheDriverAndAreCounted() throws Exception {
        var device = new MemoryBlockDevice(512, 64);
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        DrivenBlockPort port =
                driven(
                        CompletableFuture.completedFuture(device),
                        device,
                        new BlockDriver.Counts(),
                        handle);
        port.write(3, block(1024, 7));
        port.flush();
        ByteBuffer back = ByteBuffer.allocate(1024);
        port.read(3, back);
        assertArrayEquals(block(1024, 7).array(), back.array());
        ByteBuffer direct = ByteBuffer.allocate(512);
        device.read(4, direct);
        assertEquals(7, direct.get(0), "the write reached the device itself");
        var s = stats(handle);
        assertEquals(1, s.reads());
        assertEquals(1, s.writes());
        assertEquals(1, s.flushes());
        assertEquals(1024, s.bytesWritten());
        assertEquals(device.describe(), s.device());
    }

    @Test
    void requestsWaitForTheDeviceToOpen() throws Exception {
        var device = new MemoryBlockDevice(512, 8);
        var opening = new CompletableFuture<BlockPort>();
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        DrivenBlockPort port = driven(opening, device, new BlockDriver.Counts(), handle);
        var write =
                CompletableFuture.runAsync(() -> {
                    try {
                        port.write(0, block(512, 1));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
        Thread.sleep(100); // time that passes on purpose: the write must not complete meanwhile
        assertTrue(!write.isDone(), "the write waits while the device opens");
        opening.complete(device);
        write.get(10, TimeUnit.SECONDS);
        ByteBuffer back = ByteBuffer.allocate(512);
        device.read(0, back);
        assertEquals(1, back.get(0));
    }

    @Test
    void withoutADeviceEveryRequestFailsWithTheReason() {
        var device = new MemoryBlockDevice(512, 8);
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        DrivenBlockPort port =
                driven(
                        CompletableFuture.failedFuture(
                                new IOException("no NVMe or virtio-blk disk")),
                        device,
                        new BlockDriver.Counts(),
                        handle);
        var e = assertThrows(IOException.class, () -> port.read(0, ByteBuffer.allocate(512)));
        assertTrue(e.getMessage().contains("no NVMe or virtio-blk disk"), e.getMessage());
    }

    @Test
    void aFailedFlushFailsThatRequestOnlyAndIsCounted() throws Exception {
        var device = new FaultyBlockDevice(512, 16);
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        DrivenBlockPort port =
                driven(
                        CompletableFuture.completedFuture(device),
                        device,
                        new BlockDriver.Counts(),
                        handle);
        port.write(1, block(512, 2));
        device.failNextFlush();
        assertThrows(IOException.class, port::flush);
        port.write(2, block(512, 3));
        port.flush();
        assertEquals(1, stats(handle).errors());
        assertEquals(1, stats(handle).flushes(), "only the flush that worked counts as one");
    }

    @Test
    void aCrashedDriverIsRestartedOverTheSameDeviceAndKeepsItsCounts() throws Exception {
        var memory = new MemoryBlockDevice(512, 16);
        var device = new BuggyBlockDevice(memory, "exploding"); // its driver code hits a bug once
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        var counts = new BlockDriver.Counts();
        DrivenBlockPort port =
                driven(CompletableFuture.completedFuture(device), device, counts, handle);
        port.write(0, block(512, 1));
        device.failNextWrite();
        var e = assertThrows(IOException.class, () -> port.write(1, block(512, 2)));
        assertTrue(e.getMessage().contains("the block driver crashed"), e.getMessage());
        port.write(1, block(512, 3)); // the restarted driver serves again
        ByteBuffer back = ByteBuffer.allocate(512);
        port.read(1, back);
        assertEquals(3, back.get(0));
        var s = stats(handle);
        assertEquals(2, s.writes(), "the counts outlive the crash");
        assertEquals(1, s.errors());
    }

    @Test
    void anOutOfRangeRequestIsRefusedBeforeItReachesTheDriver() {
        var device = new MemoryBlockDevice(512, 8);
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        DrivenBlockPort port =
                driven(
                        CompletableFuture.completedFuture(device),
                        device,
                        new BlockDriver.Counts(),
                        handle);
        assertThrows(IllegalArgumentException.class, () -> port.read(7, ByteBuffer.allocate(1024)));
    }

    @Test
    void theKvLogRunsOverTheDriverAndSurvivesAReopen() throws Exception {
        var device = new MemoryBlockDevice(512, 2048);
        var handle = new ServiceHandle<BlockDriver.Command>("disk");
        DrivenBlockPort port =
                driven(
                        CompletableFuture.completedFuture(device),
                        device,
                        new BlockDriver.Counts(),
                        handle);
        KvLog.openOrFormat(port, () -> 42L)
                .commit(java.util.List.of(new KvOp.Put("greeting", "hello".getBytes())));
        assertEquals(
                Optional.of("hello"), KvLog.open(port, () -> 43L).get("greeting").map(String::new));
        assertTrue(stats(handle).flushes() > 0);
    }

    @Test
    void everyOtherDeviceGetsADriverOfItsOwn() throws Exception {
        var a = new MemoryBlockDevice(512, 8);
        var b = new MemoryBlockDevice(4096, 4);
        var others = new OtherDisks();
        var found = new CompletableFuture<java.util.List<BlockPort>>();
        testKit.spawn(others.create(found));
        assertTrue(others.drivers().isEmpty(), "no drivers before the devices are found");
        found.complete(java.util.List.of(a, b));
        Eventually.await(
                "a driver runs for each of the two devices",
                Duration.ofSeconds(10),
                () -> others.drivers().size(),
                n -> n >= 2);
        assertEquals(2, others.drivers().size());
        var throughB = new DrivenBlockPort(others.drivers().get(b.describe()), b);
        throughB.write(1, block(4096, 9));
        throughB.flush();
        ByteBuffer back = ByteBuffer.allocate(4096);
        b.read(1, back);
        assertEquals(9, back.get(0), "the write went to b, through b's own driver");
        assertEquals(1, stats(others.drivers().get(b.describe())).writes());
        assertEquals(0, stats(others.drivers().get(a.describe())).writes());
    }
}
