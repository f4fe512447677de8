package honk.storage.fs;

import static honk.storage.fs.VfsClient.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.storage.core.CoreService;
import honk.storage.kv.KvReader;
import honk.storage.kv.KvService;
import honk.supervision.Backoff;
import honk.supervision.ServiceHandle;
import honk.supervision.Supervisor;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The VFS root as a supervisor: crashed mounts come back while the rest serves; layers that cannot
 * serve are skipped.
 */
@Timeout(60)
class VfsSupervisionTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final KvService kv = FsFixtures.kvStore(testKit);

    private ActorRef<Vfs.Command> vfs(Layer... layers) {
        return testKit.spawn(Vfs.create(List.of(layers)));
    }

    private static Vfs.Mounts mounts(ActorRef<Vfs.Command> vfs) {
        TestProbe<Vfs.Mounts> probe = testKit.createTestProbe();
        vfs.tell(new Vfs.GetMounts(probe.getRef()));
        return probe.receiveMessage(VfsClient.WAIT);
    }

    @Test
    void aCrashedMountIsRestartedWhileTheOthersKeepServing() throws Exception {
        var slow = new Backoff(Duration.ofMillis(600), Duration.ofMillis(600), 0);
        var root =
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(kv),
                                        FsFixtures.coreLayer(
                                                Optional.of(FsFixtures.coreService()))),
                                slow));
        var fs = VfsClient.of(testKit, root);
        fs.ok(fs.write("/mine", "kv answers"));
        var reports = Reports.subscribe(testKit.system(), VfsClient.WAIT);
        TestProbe<Supervisor.FaultResult> fault = testKit.createTestProbe();
        root.tell(new Vfs.InjectFault("core", fault.getRef()));
        reports.await("fs", "core", "child_terminated"); // then 600 ms of backoff
        assertEquals("kv answers", fs.text("/mine"), "kv serves while core is down");
        assertEquals("restarting", mounts(root).layers().get(1).state());
        assertEquals(
                "hello from the core\n",
                fs.text("/etc/motd"),
                "held for the core, answered once it is back");
        assertEquals(
                new Supervisor.FaultRecovered("core", 1), fault.receiveMessage(VfsClient.WAIT));
        var core = mounts(root).layers().get(1);
        assertEquals(
                List.of("core", "up", "1", "InjectedFaultException: fault injected into core"),
                List.of(
                        core.name(),
                        core.state(),
                        String.valueOf(core.restarts()),
                        core.lastFailure()));
        root.tell(new Vfs.InjectFault("kv", fault.getRef()));
        assertEquals(new Supervisor.FaultRecovered("kv", 1), fault.receiveMessage(VfsClient.WAIT));
        assertEquals("kv answers", fs.text("/mine"), "the restarted kv mount reads the same store");
        root.tell(new Vfs.InjectFault("host", fault.getRef()));
        assertEquals(
                new Supervisor.FaultRejected("no layer 'host' (layers: kv, core)"),
                fault.receiveMessage(VfsClient.WAIT));
    }

    /** A mount that crashes on a read of /boom and answers "not found" to everything else. */
    private static Behavior<FsProtocol.Request> flaky(AtomicInteger starts) {
        return Behaviors.setup(ctx -> {
            starts.incrementAndGet();
            return Behaviors.receiveMessage(r -> {
                if (r instanceof FsProtocol.Read read && read.path().toString().equals("/boom")) {
                    throw new IllegalStateException("the flaky mount broke");
                }
                FsProtocol.fail(r, new FsError.NotFound(FsPath.ROOT));
                return Behaviors.same();
            });
        });
    }

    @Test
    void aRequestInTheHandsOfACrashingMountIsAnsweredAndTheMountComesBack() throws Exception {
        var starts = new AtomicInteger();
        var root =
                vfs(
                        FsFixtures.kvLayer(kv),
                        FsFixtures.layer("flaky", flaky(starts)),
                        FsFixtures.coreLayer(Optional.of(FsFixtures.coreService())));
        var fs = VfsClient.of(testKit, root);
        var lost = (FsError.Io) error(fs.read("/boom"));
        assertEquals(
                "the flaky layer crashed (IllegalStateException: the flaky mount broke) while"
                        + " serving this and is being restarted; try again",
                lost.message());
        assertEquals(
                "hello from the core\n",
                fs.text("/etc/motd"),
                "the lookup passes the flaky layer once it is back");
        assertEquals(2, starts.get());
        assertEquals(1, mounts(root).layers().get(1).restarts());
    }

    @Test
    void withoutACoreTheKvLayerStillServesAndTheMountListingSaysWhy() throws Exception {
        var root = vfs(FsFixtures.kvLayer(kv), FsFixtures.coreLayer(Optional.empty()));
        var fs = VfsClient.of(testKit, root);
        fs.ok(fs.write("/etc/hostname", "honk"));
        assertEquals("honk", fs.text("/etc/hostname"));
        assertEquals(List.of("etc/:kv"), fs.names("/"));
        assertEquals(new FsError.NotFound(VfsClient.p("/etc/motd")), error(fs.read("/etc/motd")));
        var core = mounts(root).layers().get(1);
        assertEquals(
                List.of("unavailable", "no core image on this board (none was registered)"),
                List.of(core.state(), core.source()));
        var kvInfo = mounts(root).layers().getFirst();
        assertEquals(
                List.of("kv", "kv", "rw", "up"),
                List.of(kvInfo.name(), kvInfo.kind(), kvInfo.mode(), kvInfo.state()));
    }

    @Test
    void aCoreThatFailedToVerifyServesNothingAndSaysWhy() throws Exception {
        var failed =
                new CoreService(
                        CompletableFuture.failedFuture(
                                new java.io.IOException("no slot verifies: both are blank")));
        var root = vfs(FsFixtures.kvLayer(kv), FsFixtures.coreLayer(Optional.of(failed)));
        var fs = VfsClient.of(testKit, root);
        assertEquals(List.of(), fs.names("/"));
        assertEquals(
                "the core is unavailable: no slot verifies: both are blank",
                mounts(root).layers().get(1).source());
        var direct =
                VfsClient.mount(
                        testKit,
                        testKit.spawn(FsFixtures.coreLayer(Optional.of(failed)).behavior()));
        assertEquals(
                new FsError.Unavailable(
                        "core", "the core is unavailable: no slot verifies: both are blank"),
                error(direct.read("/etc/motd")));
    }

    @Test
    void aCoreRegisteredAfterTheMountStartedIsFound() throws Exception {
        var registered = new AtomicReference<Optional<CoreService>>(Optional.empty());
        var root =
                vfs(
                        FsFixtures.kvLayer(kv),
                        new Layer(
                                "core",
                                "core",
                                false,
                                CoreMount.create(registered::get),
                                akka.actor.typed.Props.empty()));
        var fs = VfsClient.of(testKit, root);
        assertInstanceOf(FsError.NotFound.class, error(fs.read("/etc/motd")));
        registered.set(Optional.of(FsFixtures.coreService()));
        assertEquals("hello from the core\n", fs.text("/etc/motd"));
    }

    @Test
    void withoutAStorageDeviceKvRefusesWritesSayingSoAndTheCoreStillReads() throws Exception {
        var none =
                new KvService(
                        new ServiceHandle<>("kv"), new KvReader(new AtomicReference<>()), "none");
        var fs =
                VfsClient.of(
                        testKit,
                        vfs(
                                FsFixtures.kvLayer(none),
                                FsFixtures.coreLayer(Optional.of(FsFixtures.coreService()))));
        var refused = error(fs.write("/etc/hostname", "honk"));
        assertInstanceOf(FsError.Unavailable.class, refused);
        assertTrue(
                refused.message()
                        .startsWith("no storage device: this board offers no block device"),
                refused.message());
        assertEquals("hello from the core\n", fs.text("/etc/motd"));
        assertEquals(List.of("core"), fs.entry("/etc").layers());
    }

    @Test
    void layersAreCheckedWhenTheRootIsMade() {
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> Vfs.create(List.of(FsFixtures.kvLayer(kv), FsFixtures.kvLayer(kv))));
        assertEquals("layer 'kv' is mounted twice", e.getMessage());
        var bad =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> FsFixtures.layer("Host Share", Behaviors.empty()));
        assertEquals(
                "layer name 'Host Share': 1-32 of [a-z0-9-], starting with a letter",
                bad.getMessage());
    }
}
