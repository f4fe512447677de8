package honk.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.supervision.ServiceHandle;
import honk.supervision.testing.Eventually;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real crash of the driver of a device after the primary one, on a whole kernel: the device
 * throws a bug (not an I/O error) on a read. The drivers of those devices are children of the
 * {@code disks} supervisor ({@link OtherDisks}), each a standalone child restarted in place: the
 * read that hit the bug fails with its cause, the request behind the crash and those sent after it
 * are served, and the restart is reported, backed off and logged.
 */
@Timeout(90)
class OtherDisksCrashTest {
    private static final Duration WAIT = BootedKernel.WAIT;
    private static final String SECOND = "buggy second disk";

    private final BuggyBlockDevice second =
            new BuggyBlockDevice(new MemoryBlockDevice(4096, 16), SECOND);
    private BootedKernel k;
    private Reports reports;
    private ServiceHandle<BlockDriver.Command> driver;

    @BeforeEach
    void boot() throws Exception {
        BlockPort primary = new FaultyBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        var registry = new Registry();
        registry.put(
                BlockDevices.class,
                new BlockDevices() {
                    public CompletionStage<BlockPort> primary() {
                        return CompletableFuture.completedFuture(primary);
                    }

                    public CompletionStage<List<BlockPort>> others() {
                        return CompletableFuture.completedFuture(List.of(second));
                    }
                });
        k = BootedKernel.boot(2, registry, new honk.storage.StorageServices());
        reports = Reports.subscribe(k.system, WAIT);
        var others = k.kernel.registry().get(OtherDisks.class).orElseThrow();
        driver =
                Eventually.await(
                        "disks started the second device's driver",
                        WAIT,
                        () -> others.drivers().get(SECOND),
                        Objects::nonNull);
    }

    @AfterEach
    void halt() throws Exception {
        k.close();
    }

    private CompletableFuture<Void> read(long block) {
        var done = new CompletableFuture<Void>();
        driver.tell(new BlockDriver.Read(block, ByteBuffer.allocate(4096), done));
        return done;
    }

    private BlockDriver.Stats stats() throws Exception {
        var reply = new CompletableFuture<BlockDriver.Stats>();
        driver.tell(new BlockDriver.GetStats(reply));
        return reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Crashes the driver on a read, with a second read queued behind it; returns the two. */
    private List<CompletableFuture<Void>> crashOnARead() {
        second.failNextRead();
        return List.of(read(1), read(2)); // one sender: the driver takes them in this order
    }

    @Test
    void aBugInASecondDeviceFailsThatReadAloneAndItsRestartedDriverServesTheRest()
            throws Exception {
        read(0).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        var reads = crashOnARead();
        var failed = assertInstanceOf(ExecutionException.class, catching(reads.get(0))).getCause();
        assertInstanceOf(IOException.class, failed);
        assertEquals(
                "the block driver crashed: java.lang.IllegalStateException: a bug in the device"
                        + " model",
                failed.getMessage());
        assertNull(
                reads.get(1).get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the read queued behind the crash is served");
        assertNull(
                read(3).get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "a read sent after it is served");
        var s = stats();
        assertEquals(
                List.of(SECOND, 3L, 1L),
                List.of(s.device(), s.reads(), s.errors()),
                "the counts outlive the restart: " + s);
        var tree = k.sh("tree");
        assertTrue(
                tree.stream().anyMatch(l -> l.matches(".*─ disks +running +restarts=0")),
                "disks itself did not crash: " + String.join("\n", tree));
    }

    @Test
    void theDriversSupervisorReportsBacksOffAndCountsTheRestart() throws Exception {
        var reads = crashOnARead();
        assertInstanceOf(ExecutionException.class, catching(reads.get(0)));
        var crashed = reports.await("disks", "disk-1", "child_terminated");
        assertEquals("IllegalStateException: a bug in the device model", crashed.reason());
        var restarted = reports.await("disks", "disk-1", "child_restarted");
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= 200,
                "restarted before its backoff of 200 ms");
        reads.get(1).get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // served by the restarted driver
        var log = String.join("\n", k.sh("log 50"));
        assertTrue(
                log.contains(
                                "supervisor disks: disk-1 child_terminated (IllegalStateException:"
                                        + " a bug in the device model)")
                        && log.contains("supervisor disks: disk-1 child_restarted (restart 1)"),
                log);
    }

    private static Throwable catching(CompletableFuture<Void> f) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (Exception e) {
            return e;
        }
    }
}
