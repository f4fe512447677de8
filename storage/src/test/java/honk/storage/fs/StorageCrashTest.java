package honk.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.StorageKernel;
import honk.storage.block.BlockPort;
import honk.storage.block.BuggyBlockDevice;
import honk.storage.block.FaultyBlockDevice;
import honk.storage.block.Layout;
import honk.storage.block.PrimaryDisk;
import honk.storage.kv.KvOp;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;
import honk.supervision.SupervisorReport;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real crashes of the storage services on a whole kernel: the service itself throws (a device that
 * fails under the KV store, a bug in the device under the disk driver, a bug in the filesystem's
 * root), and its supervisor, {@code system}, reports it, counts it in {@code tree} and {@code log},
 * waits out the backoff and restarts it in place, with no request lost or left unanswered.
 */
@Timeout(90)
class StorageCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FaultyBlockDevice device =
            new FaultyBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
    private final BuggyBlockDevice disk = new BuggyBlockDevice(device, null);
    private BootedKernel k;
    private Reports reports;

    @BeforeEach
    void boot() throws Exception {
        k = StorageKernel.boot(disk, new Registry());
        reports = Reports.subscribe(k.system, WAIT);
    }

    @AfterEach
    void halt() throws Exception {
        k.close();
    }

    private void assertCountedAndLogged(
            String service,
            SupervisorReport crashed,
            SupervisorReport restarted,
            long backoffMillis)
            throws Exception {
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= backoffMillis,
                service
                        + " restarted "
                        + (restarted.atMillis() - crashed.atMillis())
                        + " ms after its crash, before its backoff");
        assertEquals("restart 1", restarted.reason());
        k.assertRestartedOnce(service, crashed.reason(), 50);
    }

    @Test
    void aFailingFlushCrashesTheKvStoreWhichAnswersItsWritersAndComesBackWithWhatWasQueued()
            throws Exception {
        assertEquals(List.of("kv: put before (1 bytes)"), k.sh("kv put before 1"));
        var kv = k.kernel.registry().get(KvService.class).orElseThrow();
        TestProbe<KvStore.Result> lost = TestProbe.create(k.system);
        TestProbe<KvStore.Result> queued = TestProbe.create(k.system);
        device.failNextFlush();
        kv.appender().tell(new KvStore.Write(new KvOp.Put("lost", bytes("x")), lost.ref()));
        var crashed = reports.await("system", "kv", "child_terminated");
        assertTrue(
                crashed.reason().startsWith("IllegalStateException: KV store device failure"),
                crashed.reason());
        kv.appender()
                .tell(
                        new KvStore.Write(
                                new KvOp.Put("during", bytes("the backoff")), queued.ref()));
        var failed =
                assertInstanceOf(
                        KvStore.Failed.class,
                        lost.receiveMessage(WAIT),
                        "the writer of the failed batch is told");
        assertTrue(failed.reason().contains("not written"), failed.reason());
        var restarted = reports.await("system", "kv", "child_restarted");
        assertEquals(
                new KvStore.Done(),
                queued.receiveMessage(WAIT),
                "a write sent during the backoff is held, then made");
        assertCountedAndLogged("kv", crashed, restarted, 200);
        assertEquals(
                List.of("1"),
                k.sh("kv get before"),
                "the restarted store recovered the log from disk");
        assertEquals(List.of("the backoff"), k.sh("kv get during"));
    }

    @Test
    void aBugInTheDeviceCrashesTheDiskDriverWhichFailsThatRequestAloneAndServesTheRest()
            throws Exception {
        var primary =
                k.kernel
                        .registry()
                        .get(PrimaryDisk.class)
                        .orElseThrow()
                        .port()
                        .toCompletableFuture()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        disk.failNextRead();
        var crashing = CompletableFuture.supplyAsync(() -> read(primary, 0));
        var behind = CompletableFuture.supplyAsync(() -> read(primary, 1));
        var crashed = reports.await("system", "disk", "child_terminated");
        assertEquals("IllegalStateException: a bug in the device model", crashed.reason());
        var during = CompletableFuture.supplyAsync(() -> read(primary, 2));
        var restarted = reports.await("system", "disk", "child_restarted");
        String failed = crashing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(
                failed.startsWith(
                        "IOException: the block driver crashed: java.lang.IllegalStateException"),
                failed);
        assertEquals(
                "read",
                behind.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the request queued behind the crash is served");
        assertEquals(
                "read",
                during.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the request sent during the backoff is served");
        assertCountedAndLogged("disk", crashed, restarted, 200);
    }

    @Test
    void aBugInTheFilesystemRootIsRestartedInPlaceAndTheRequestsBehindItAreServed()
            throws Exception {
        assertEquals(List.of("put: wrote /kept (3 bytes) in kv"), k.sh("put /kept yes"));
        var fs = k.kernel.registry().get(FsService.class).orElseThrow();
        fs.root().tell(new Vfs.Crash("a bug in the union"));
        var behind = fs.read(FsPath.parse("/kept"), 0, FsProtocol.Read.WHOLE).toCompletableFuture();
        var crashed = reports.await("system", "fs", "child_terminated");
        assertEquals("IllegalStateException: a bug in the union", crashed.reason());
        var during = fs.read(FsPath.parse("/kept"), 0, FsProtocol.Read.WHOLE).toCompletableFuture();
        var restarted = reports.await("system", "fs", "child_restarted");
        for (var reply : List.of(behind, during)) {
            var ok =
                    assertInstanceOf(
                            FsProtocol.ReadOk.class,
                            reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals("yes", new String(ok.data(), StandardCharsets.UTF_8));
        }
        assertCountedAndLogged("fs", crashed, restarted, 200);
        assertEquals(List.of("yes"), k.sh("cat /kept"));
    }

    private static String read(BlockPort port, long block) {
        try {
            port.read(block, ByteBuffer.allocate(port.blockSize()));
            return "read";
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
