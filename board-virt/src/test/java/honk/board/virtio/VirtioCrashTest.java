package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;

import honk.actors.kernel.Init;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;
import honk.supervision.Strategy;
import honk.supervision.Supervisor;
import honk.supervision.SupervisorReport;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real crashes of the virt board's virtio drivers, run as the system supervisor runs them (the
 * {@link ChildSpec} of {@link VirtioServices#service}: standalone, restarted in place, its own
 * backoff) under a honk {@link Supervisor}, over a {@link FakeVirtioDevice} that posts a used-ring
 * entry for a descriptor the driver never offered. The driver throws on that interrupt; the
 * supervisor reports it, counts it and waits out the backoff; the next incarnation resets the
 * device, fails what was in flight and serves what was sent during the restart.
 */
@Timeout(60)
class VirtioCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static Reports reports;

    @BeforeAll
    static void subscribe() {
        reports = Reports.subscribe(KIT.system(), WAIT);
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /**
     * The system supervisor over the one service {@code spec}, with the kernel's strategy and
     * intensity.
     */
    private static ActorRef<Supervisor.Command> system(ChildSpec<?> spec) {
        return KIT.spawn(
                Supervisor.create(
                        "system", Strategy.ONE_FOR_ONE, Init.SERVICE_INTENSITY, List.of(spec)));
    }

    private static Supervisor.ChildStatus status(ActorRef<Supervisor.Command> system) {
        TestProbe<Supervisor.Children> reply = KIT.createTestProbe();
        system.tell(new Supervisor.GetChildren(reply.ref()));
        return reply.receiveMessage(WAIT).children().getFirst();
    }

    /**
     * Checks the backoff between the reports, the count and the last failure of {@code service}.
     */
    private static void assertRestartedOnceAfterItsBackoff(
            ChildSpec<?> spec,
            ActorRef<Supervisor.Command> system,
            SupervisorReport crashed,
            SupervisorReport restarted) {
        assertEquals(Duration.ofMillis(100), spec.backoff().min());
        assertTrue(spec.inPlace(), "a driver is restarted in place");
        assertEquals("restart 1", restarted.reason());
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= 100,
                spec.id()
                        + " restarted "
                        + (restarted.atMillis() - crashed.atMillis())
                        + " ms after its crash, before its backoff of 100 ms");
        assertEquals(
                new Supervisor.ChildStatus(spec.id(), "running", 1, crashed.reason()),
                status(system));
    }

    private static String failure(CompletableFuture<?> request) {
        var e = assertInstanceOf(ExecutionException.class, catching(request));
        return assertInstanceOf(IOException.class, e.getCause()).getMessage();
    }

    private static Throwable catching(CompletableFuture<?> f) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void
            aUsedEntryForNoDescriptorCrashesRngWhichFailsTheReadInFlightAndServesTheOneSentDuringItsRestart()
                    throws Exception {
        var counter = new AtomicInteger();
        var device =
                new FakeVirtioDevice(
                        request -> {
                            byte[] b = new byte[RngDriver.BUFFER];
                            for (int i = 0; i < b.length; i++) {
                                b[i] = (byte) counter.getAndIncrement();
                            }
                            return b;
                        },
                        MemorySegment.NULL);
        var rng = new ServiceHandle<RngDriver.Command>("rng");
        device.irq = () -> rng.tell(RngDriver.IRQ);
        var spec =
                VirtioServices.service(
                        "rng",
                        RngDriver.create(CompletableFuture.completedFuture(device), new InFlight()),
                        rng);
        var system = system(spec);
        assertEquals(4, read(rng, 4).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).length);

        device.corruptNextUsed = true;
        var inFlight = read(rng, 8);
        var crashed = reports.await("system", "rng", "child_terminated");
        assertEquals(
                "VirtioDeviceException: queue 0: the device returned descriptor 13, which is not"
                        + " the head of a chain in flight",
                crashed.reason());
        var during = read(rng, 16);
        var restarted = reports.await("system", "rng", "child_restarted");

        assertEquals("virtio-rng: the device was reset; request abandoned", failure(inFlight));
        assertEquals(
                16,
                during.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).length,
                "served by the next incarnation");
        assertEquals(2, device.resets, "the next incarnation reset the device");
        assertRestartedOnceAfterItsBackoff(spec, system, crashed, restarted);
        assertEquals(8, read(rng, 8).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).length);
    }

    private static CompletableFuture<byte[]> read(ServiceHandle<RngDriver.Command> rng, int bytes) {
        var reply = new CompletableFuture<byte[]>();
        rng.tell(new RngDriver.Read(bytes, reply));
        return reply;
    }

    @Test
    void
            aUsedEntryForNoDescriptorCrashesP9HostWhichFailsTheExchangeInFlightAndServesASessionBegunDuringItsRestart()
                    throws Exception {
        var device =
                new FakeVirtioDevice(
                        NinePDriverTest::echo, NinePDriverTest.tagConfig(VirtioServices.HOST_TAG));
        var p9 = new ServiceHandle<NinePDriver.Command>("p9-host");
        device.irq = () -> p9.tell(NinePDriver.IRQ);
        var spec =
                VirtioServices.service(
                        "p9-host",
                        NinePDriver.create(
                                CompletableFuture.completedFuture(device), new InFlight()),
                        p9);
        var system = system(spec);
        var before = new VirtioNinePTransport(p9);
        assertEquals(1, exchange(before, TVERSION, 1).getShort(5));
        assertEquals(2, exchange(before, TREAD, 2).getShort(5));

        device.corruptNextUsed = true;
        var inFlight = send(before, TREAD, 3);
        var crashed = reports.await("system", "p9-host", "child_terminated");
        assertEquals(
                "VirtioDeviceException: queue 0: the device returned descriptor 21, which is not"
                        + " the head of a chain in flight",
                crashed.reason());
        var stale =
                send(
                        before, TREAD,
                        4); // its session dies with the reset: answered, as a dropped connection
        var after = new VirtioNinePTransport(p9);
        var version = send(after, TVERSION, 5); // a new session begun while the driver restarts
        var restarted = reports.await("system", "p9-host", "child_restarted");

        assertEquals("virtio-9p: the device was reset; request abandoned", failure(inFlight));
        assertTrue(failure(stale).contains("reconnect"), failure(stale));
        assertEquals(
                5,
                version.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getShort(5),
                "served by the next incarnation");
        assertEquals(6, exchange(after, TREAD, 6).getShort(5));
        assertEquals(2, device.resets, "the next incarnation reset the device");
        assertRestartedOnceAfterItsBackoff(spec, system, crashed, restarted);
    }

    private static final int TVERSION = 100;
    private static final int TREAD = 116;

    /**
     * A T-message of {@code type} with {@code tag} and a one-byte body; the echo device answers
     * type+1, same tag.
     */
    private static CompletableFuture<ByteBuffer> send(
            VirtioNinePTransport channel, int type, int tag) {
        ByteBuffer t = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        t.putInt(8).put((byte) type).putShort((short) tag).put((byte) 0).flip();
        return channel.exchange(t).toCompletableFuture();
    }

    private static ByteBuffer exchange(VirtioNinePTransport channel, int type, int tag)
            throws Exception {
        return send(channel, type, tag).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
