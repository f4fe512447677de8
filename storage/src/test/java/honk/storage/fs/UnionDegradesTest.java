package honk.storage.fs;

import static honk.storage.fs.VfsClient.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.DispatcherSelector;

import honk.storage.block.BlockPort;
import honk.storage.kv.KvLog;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;
import honk.storage.ninep.NinePShare;
import honk.supervision.ServiceHandle;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A KV store that could not open (its device failed, or there is none) takes the kv layer down, not
 * the union: reads fall through to the layers below, writes are refused with the store's own
 * reason, and nothing says "try again" when trying again cannot help. A listing of the union names
 * each layer that is set up but down, with its reason; a layer the board does not have (no host
 * share) is not named.
 */
@Timeout(60)
class UnionDegradesTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** The store as storage starts it, on a device that failed before the log could be read. */
    private static KvService storeOnAFailedDevice() throws Exception {
        var published = new AtomicReference<KvLog>();
        var unavailable = new AtomicReference<String>();
        var handle = new ServiceHandle<KvStore.Command>("kv");
        handle.set(
                testKit.spawn(
                        KvStore.create(
                                CompletableFuture.<BlockPort>failedFuture(
                                        new IOException("the disk answered nothing")),
                                () -> 1L,
                                published,
                                unavailable)));
        Eventually.await(
                "the store has tried its device (in the background)",
                Duration.ofSeconds(10),
                () -> unavailable.get() != null);
        return new KvService(
                handle, new KvReader(published, unavailable), "the primary device's KV region");
    }

    @Test
    void readsSkipAKvLayerThatCannotOpenAndWritesSayWhy() throws Exception {
        var kv = storeOnAFailedDevice();
        var root =
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(kv),
                                        FsFixtures.coreLayer(
                                                Optional.of(FsFixtures.coreService())))));
        var fs = VfsClient.of(testKit, root);
        assertEquals(
                "hello from the core\n",
                fs.text("/etc/motd"),
                "a file in a layer below still reads");
        assertEquals(List.of("core"), fs.entry("/etc").layers());
        var refused =
                assertInstanceOf(FsError.Unavailable.class, error(fs.write("/notes", "lost?")));
        assertEquals(
                "the KV store is unavailable: the disk answered nothing",
                refused.message().replaceFirst("^kv: ", ""));
        var kvMount = VfsClient.mount(testKit, testKit.spawn(FsFixtures.kvLayer(kv).behavior()));
        assertInstanceOf(FsError.Unavailable.class, error(kvMount.read("/etc/motd")));
        var listed = mountsOf(root).layers().getFirst();
        assertEquals(
                List.of(
                        "kv",
                        "unavailable",
                        "the KV store is unavailable: the disk answered nothing"),
                List.of(listed.name(), listed.state(), listed.source()));
    }

    /** A host share that is configured, whose server does not answer. */
    private static Layer unreachableShare() {
        var share =
                NinePShare.asRoot(
                        "test",
                        () -> {
                            throw new IOException("connection refused");
                        },
                        "");
        return new Layer(
                HostMount.LAYER,
                "9p",
                true,
                HostMount.create(() -> Optional.of(share)),
                DispatcherSelector.blocking());
    }

    /** The host layer of a board started without {@code --share}. */
    private static Layer noShare() {
        return new Layer(
                HostMount.LAYER,
                "9p",
                true,
                HostMount.create(Optional::empty),
                DispatcherSelector.blocking());
    }

    @Test
    void aListingNamesEachLayerThatIsDownAndStillListsTheLayersBelow() throws Exception {
        var root =
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(storeOnAFailedDevice()),
                                        unreachableShare(),
                                        FsFixtures.coreLayer(
                                                Optional.of(FsFixtures.coreService())))));
        var listed =
                assertInstanceOf(
                        FsProtocol.ReadDirOk.class, VfsClient.of(testKit, root).list("/etc"));
        assertEquals(
                List.of("issue", "motd"), listed.entries().stream().map(FsEntry::name).toList());
        assertEquals(List.of("core"), listed.entries().getFirst().layers());
        assertEquals(
                List.of(
                        new FsError.Unavailable(
                                "kv", "the KV store is unavailable: the disk answered nothing"),
                        new FsError.Unavailable(
                                "host",
                                "the host share test cannot be reached: connection refused")),
                listed.unlisted(),
                "top first, each with its own reason");
    }

    @Test
    void aListingSaysNothingOfALayerTheBoardDoesNotHave() throws Exception {
        var root =
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(FsFixtures.kvStore(testKit)),
                                        noShare(),
                                        FsFixtures.coreLayer(
                                                Optional.of(FsFixtures.coreService())))));
        var fs = VfsClient.of(testKit, root);
        fs.ok(fs.write("/notes", "kept"));
        var listed = assertInstanceOf(FsProtocol.ReadDirOk.class, fs.list("/"));
        assertEquals(List.of(), listed.unlisted());
        assertTrue(
                listed.entries().stream()
                        .map(FsEntry::name)
                        .toList()
                        .containsAll(List.of("etc", "notes")),
                listed.toString());
        var nothing =
                assertInstanceOf(
                        FsError.Unavailable.class,
                        VfsClient.error(VfsClient.layer(testKit, root, "host").list("/")));
        assertFalse(nothing.configured(), "no --share: not set up, so not down either");
    }

    private static Vfs.Mounts mountsOf(akka.actor.typed.ActorRef<Vfs.Command> vfs) {
        var probe = testKit.<Vfs.Mounts>createTestProbe();
        vfs.tell(new Vfs.GetMounts(probe.getRef()));
        return probe.receiveMessage(VfsClient.WAIT);
    }
}
