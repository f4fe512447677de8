package honk.storage.fs;

import static honk.storage.fs.VfsClient.error;
import static honk.storage.fs.VfsClient.p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.DispatcherSelector;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.StorageServices;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.core.CoreService;
import honk.storage.kv.KvService;
import honk.storage.ninep.Diod;
import honk.storage.ninep.NinePShare;
import honk.supervision.Supervisor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code host} layer over diod: in the union between kv and the core, addressed directly as a
 * layer, through the shell on a booted kernel, restarted after a crash, and unavailable (with the
 * reason) when its server cannot be reached. Skipped, with the reason, where diod is not installed.
 */
@Timeout(120)
class HostMountDiodTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @TempDir static Path share;

    private static Diod diod;

    @BeforeAll
    static void startDiod() throws Exception {
        var binary = Diod.find();
        assumeTrue(binary.isPresent(), Diod.MISSING);
        diod = Diod.start(binary.get(), share);
        Files.writeString(share.resolve("top.txt"), "top level\n");
        Files.createDirectories(share.resolve("nested/deeper"));
        Files.writeString(share.resolve("nested/deeper/file.txt"), "nested file\n");
        Files.createDirectories(share.resolve("etc"));
        Files.writeString(share.resolve("etc/motd"), "host motd\n");
    }

    @AfterAll
    static void stop() throws Exception {
        testKit.shutdownTestKit();
        if (diod != null) {
            diod.close();
        }
    }

    private static Layer hostLayer(Optional<NinePShare> s) {
        return new Layer(
                "host", "9p", true, HostMount.create(() -> s), DispatcherSelector.blocking());
    }

    private static VfsClient union(KvService kv, Optional<NinePShare> s) {
        return VfsClient.of(
                testKit,
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(kv),
                                        hostLayer(s),
                                        FsFixtures.coreLayer(
                                                Optional.of(FsFixtures.coreService()))))));
    }

    @Test
    void theHostLayerSitsBetweenKvAndTheCore() throws Exception {
        KvService kv = FsFixtures.kvStore(testKit);
        VfsClient fs = union(kv, Optional.of(diod.share()));
        assertEquals("top level\n", fs.text("/top.txt"));
        assertEquals("nested file\n", fs.text("/nested/deeper/file.txt"));
        assertEquals(List.of("host"), fs.entry("/nested/deeper/file.txt").layers());
        assertEquals("host motd\n", fs.text("/etc/motd"), "the host's copy shadows the core's");
        assertEquals(List.of("issue:core", "motd:host,core"), fs.names("/etc"));
        fs.ok(fs.write("/etc/motd", "kv motd"));
        assertEquals("kv motd", fs.text("/etc/motd"), "kv shadows both");
        assertEquals(
                "host motd\n",
                Files.readString(share.resolve("etc/motd")),
                "a write through the union lands in kv only");
        assertTrue(
                fs.names("/")
                        .containsAll(List.of("etc/:kv,host,core", "nested/:host", "top.txt:host")),
                fs.names("/").toString());
        assertEquals(FsEntry.file("top.txt", 10).in(List.of("host")), fs.entry("/top.txt"));
        var refused = error(fs.delete("/top.txt"));
        assertEquals(
                "/top.txt is in the host layer, which the union does not change; it cannot be"
                        + " deleted",
                refused.message());
    }

    @Test
    void aLayerNamedDirectlyIsReadAndWrittenOnTheHost() throws Exception {
        var root =
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(FsFixtures.kvStore(testKit)),
                                        hostLayer(Optional.of(diod.share())))));
        VfsClient host = VfsClient.layer(testKit, root, "host");
        host.ok(host.write("/written-by-honk.txt", "from honk"));
        assertEquals("from honk", Files.readString(share.resolve("written-by-honk.txt")));
        assertEquals(
                new FsError.NotFound(p("/made/by")),
                error(host.mkdir("/made/by")),
                "a mkdir below a missing directory");
        host.ok(host.mkdir("/made"));
        host.ok(host.mkdir("/made/by"));
        assertTrue(Files.isDirectory(share.resolve("made/by")));
        assertEquals(List.of(), host.names("/made/by"));
        assertEquals(new FsError.Exists(p("/made")), error(host.mkdir("/made")));
        assertEquals(new FsError.NotEmpty(p("/made")), error(host.delete("/made")));
        host.ok(host.delete("/made/by"));
        host.ok(host.delete("/made"));
        assertFalse(Files.exists(share.resolve("made")));
        assertEquals(new FsError.NotFound(p("/nope")), error(host.stat("/nope")));
        assertEquals(new FsError.NotADirectory(p("/top.txt")), error(host.stat("/top.txt/below")));
        assertEquals(new FsError.IsADirectory(p("/nested")), error(host.read("/nested")));
        assertEquals(new FsError.IsADirectory(p("/nested")), error(host.write("/nested", "x")));
        byte[] big = FsFixtures.random(3 << 20, 5);
        host.ok(host.write("/big.bin", big));
        assertArrayEquals(
                big, assertInstanceOf(FsProtocol.ReadOk.class, host.read("/big.bin")).data());
        var range = assertInstanceOf(FsProtocol.ReadOk.class, host.read("/big.bin", 1_000_000, 10));
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 1_000_000, 1_000_010), range.data());
        assertEquals(big.length, range.size());
        assertEquals(
                List.of("top.txt:host"),
                host.names("/").stream().filter(n -> n.startsWith("top")).toList());
        assertEquals(
                new FsError.InvalidArgument("no layer 'nfs' (layers: kv, host)"),
                error(VfsClient.layer(testKit, root, "nfs").stat("/")));
    }

    @Test
    void aCrashedHostMountIsRestartedAndServesAgain() throws Exception {
        var root =
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(FsFixtures.kvStore(testKit)),
                                        hostLayer(Optional.of(diod.share())))));
        VfsClient fs = VfsClient.of(testKit, root);
        assertEquals("top level\n", fs.text("/top.txt"));
        TestProbe<Supervisor.FaultResult> fault = testKit.createTestProbe();
        root.tell(new Vfs.InjectFault("host", fault.getRef()));
        assertEquals(
                new Supervisor.FaultRecovered("host", 1), fault.receiveMessage(VfsClient.WAIT));
        assertEquals("top level\n", fs.text("/top.txt"), "served again over a new connection");
    }

    @Test
    void withoutAShareOrAServerTheLayerIsUnavailableAndTheOthersServe() throws Exception {
        VfsClient none = union(FsFixtures.kvStore(testKit), Optional.empty());
        assertEquals("hello from the core\n", none.text("/etc/motd"));
        var nothing = error(VfsClient.layer(testKit, none.root(), "host").stat("/"));
        assertEquals(FsError.Unavailable.notConfigured("host", HostMount.NO_SHARE), nothing);
        var gone =
                new NinePShare(
                        "a server that is not there",
                        () ->
                                honk.storage.ninep.StreamTransport.connect(
                                        new InetSocketAddress("127.0.0.1", 1)),
                        "/",
                        "root",
                        0,
                        0);
        VfsClient down = union(FsFixtures.kvStore(testKit), Optional.of(gone));
        assertEquals("hello from the core\n", down.text("/etc/motd"));
        var why =
                assertInstanceOf(
                        FsError.Unavailable.class,
                        error(VfsClient.layer(testKit, down.root(), "host").stat("/")));
        assertTrue(
                why.reason()
                        .startsWith(
                                "the host share a server that is not there cannot be reached:"
                                        + " cannot reach the 9P server"),
                why.reason());
    }

    @Test
    void aServerThatWasDownIsAskedAgainAfterAPauseNotOnEveryRequest() throws Exception {
        var opened = new java.util.concurrent.atomic.AtomicInteger();
        var up = new java.util.concurrent.atomic.AtomicBoolean();
        NinePShare real = diod.share();
        var flaky =
                new NinePShare(
                        "a server that comes up late",
                        () -> {
                            opened.incrementAndGet();
                            if (!up.get()) {
                                throw new java.io.IOException("not yet");
                            }
                            return real.opener().open();
                        },
                        real.aname(),
                        real.uname(),
                        real.uid(),
                        real.gid());
        VfsClient patient =
                VfsClient.mount(
                        testKit,
                        testKit.spawn(
                                HostMount.create(() -> Optional.of(flaky), Duration.ofHours(1))));
        assertInstanceOf(FsError.Unavailable.class, error(patient.stat("/top.txt")));
        assertInstanceOf(FsError.Unavailable.class, error(patient.stat("/top.txt")));
        assertEquals(1, opened.get(), "the second request was answered from the first failure");
        VfsClient eager =
                VfsClient.mount(
                        testKit,
                        testKit.spawn(HostMount.create(() -> Optional.of(flaky), Duration.ZERO)));
        assertInstanceOf(FsError.Unavailable.class, error(eager.stat("/top.txt")));
        up.set(true);
        assertEquals(
                FsEntry.file("top.txt", 10),
                eager.entry("/top.txt"),
                "once the pause is over, the server is asked again");
        assertEquals(3, opened.get());
    }

    @Test
    void theShellReadsCopiesAndWritesAcrossLayers() throws Exception {
        var disk = new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        var registry = new Registry();
        registry.put(BlockDevices.class, () -> CompletableFuture.<BlockPort>completedFuture(disk));
        registry.put(CoreService.class, FsFixtures.coreService());
        registry.put(NinePShare.class, diod.share());
        try (var k = BootedKernel.boot(1, registry, new StorageServices())) {
            List<String> mount = k.sh("mount");
            assertTrue(
                    mount.get(2)
                            .matches("host +9p +rw +up +0 +diod at .*\\(9P2000.L, msize \\d+\\)"),
                    mount.toString());
            assertEquals("top level", one(k, "cat /top.txt"));
            assertEquals("nested file", one(k, "cat host:/nested/deeper/file.txt"));
            assertEquals(
                    "cp: copied /top.txt (from host) to /copied in kv (10 bytes)",
                    one(k, "cp host:/top.txt /copied"));
            assertEquals("file         10  kv        copied", one(k, "ls kv:/copied"));
            assertEquals(
                    "put: wrote /from-shell.txt (5 bytes) in host",
                    one(k, "put host:/from-shell.txt hello"));
            assertEquals("hello", Files.readString(share.resolve("from-shell.txt")));
            assertEquals(
                    "cp: copied /etc/issue (from core) to /issue in host (10 bytes)",
                    one(k, "cp /etc/issue host:/issue"));
            assertEquals("honk core\n", Files.readString(share.resolve("issue")));
            assertEquals("mkdir: made /shell-dir in host", one(k, "mkdir host:/shell-dir"));
            assertTrue(Files.isDirectory(share.resolve("shell-dir")));
            assertEquals("mkdir: made /kvdir in kv", one(k, "mkdir /kvdir"));
            assertEquals("ls: /kvdir is empty", one(k, "ls /kvdir"));
            assertEquals(
                    "rm: removed /from-shell.txt from host", one(k, "rm host:/from-shell.txt"));
            assertFalse(Files.exists(share.resolve("from-shell.txt")));
            assertEquals("rm: removed /shell-dir from host", one(k, "rm host:/shell-dir"));
            assertEquals("rm: no such file or directory: /nope", one(k, "rm host:/nope"));
            assertEquals("cat: no layer 'nfs' (layers: kv, host, core)", one(k, "cat nfs:/x"));
            assertEquals("mkdir: /kvdir exists already", one(k, "mkdir /kvdir"));
            Files.delete(share.resolve("issue"));
        }
    }

    private static String one(BootedKernel k, String line) throws Exception {
        return FsCommandsTest.one(k, line);
    }
}
