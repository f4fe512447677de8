package honk.storage.fs;

import static honk.storage.fs.VfsClient.p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;

import honk.storage.block.BlockPort;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.kv.KvLog;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;
import honk.supervision.ServiceHandle;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kv layer on its own: files as fs: keys, writes checked against those still in flight, and
 * requests waiting for the store to open.
 */
@Timeout(60)
class KvMountTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void filesAreKeysUnderTheirPathAndDirectoriesAreImplied() throws Exception {
        KvService kv = FsFixtures.kvStore(testKit);
        var mount = VfsClient.mount(testKit, testKit.spawn(KvMount.create(kv)));
        mount.ok(mount.write("/a/b/c", "deep"));
        mount.ok(mount.write("/a/x", "shallow"));
        assertEquals(List.of("fs:/a/b/c", "fs:/a/x"), kv.reader().keys());
        assertEquals(List.of("b/", "x"), mount.names("/a"));
        assertEquals(FsEntry.directory("b"), mount.entry("/a/b"));
        mount.ok(mount.delete("/a/b/c"));
        assertEquals(List.of("x"), mount.names("/a"), "a directory goes with its last file");
        assertEquals(new FsError.NotFound(p("/a/b")), VfsClient.error(mount.stat("/a/b")));
    }

    @Test
    void aWriteIsCheckedAgainstTheWritesStillInFlight() {
        KvService kv = FsFixtures.kvStore(testKit);
        var mount = testKit.spawn(KvMount.create(kv));
        TestProbe<FsProtocol.ChangeReply> probe = testKit.createTestProbe();
        mount.tell(new FsProtocol.Write(p("/a"), new byte[] {1}, probe.getRef()));
        mount.tell(new FsProtocol.Write(p("/a/b"), new byte[] {2}, probe.getRef()));
        mount.tell(new FsProtocol.Write(p("/d/e"), new byte[] {3}, probe.getRef()));
        mount.tell(new FsProtocol.Write(p("/d"), new byte[] {4}, probe.getRef()));
        var replies = probe.receiveSeveralMessages(4, VfsClient.WAIT);
        assertEquals(
                2,
                replies.stream().filter(r -> r instanceof FsProtocol.Done).count(),
                replies.toString());
        assertEquals(
                List.of(
                        new FsProtocol.Failed(new FsError.NotADirectory(p("/a"))),
                        new FsProtocol.Failed(new FsError.IsADirectory(p("/d")))),
                replies.stream().filter(r -> r instanceof FsProtocol.Failed).toList());
    }

    @Test
    void requestsWaitForTheStoreToOpenAndAreThenAnswered() {
        var device = new CompletableFuture<BlockPort>();
        var published = new AtomicReference<KvLog>();
        var nonces = new AtomicLong();
        var handle = new ServiceHandle<KvStore.Command>("kv");
        handle.set(testKit.spawn(KvStore.create(device, nonces::incrementAndGet, published)));
        var mount =
                testKit.spawn(
                        KvMount.create(
                                new KvService(handle, new KvReader(published), "a late device")));
        TestProbe<FsProtocol.ChangeReply> writes = testKit.createTestProbe();
        TestProbe<FsProtocol.StatReply> stats = testKit.createTestProbe();
        mount.tell(new FsProtocol.Write(p("/early"), new byte[] {1}, writes.getRef()));
        mount.tell(new FsProtocol.Stat(p("/"), stats.getRef()));
        writes.expectNoMessage(Duration.ofMillis(300));
        device.complete(new MemoryBlockDevice(4096, 256));
        assertEquals(new FsProtocol.Done(), writes.receiveMessage(VfsClient.WAIT));
        assertInstanceOf(FsProtocol.StatOk.class, stats.receiveMessage(VfsClient.WAIT));
    }
}
