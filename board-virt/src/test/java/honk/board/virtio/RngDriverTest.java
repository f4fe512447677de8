package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Timeout(60)
class RngDriverTest {
    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** A device whose "entropy" is a counter, so the test can tell which bytes came from where. */
    private static FakeVirtioDevice counterDevice() {
        var counter = new AtomicInteger();
        return new FakeVirtioDevice(
                request -> {
                    byte[] b = new byte[RngDriver.BUFFER];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) counter.getAndIncrement();
                    }
                    return b;
                },
                MemorySegment.NULL);
    }

    private static ActorRef<RngDriver.Command> start(FakeVirtioDevice device) {
        var ref =
                KIT.spawn(
                        Behaviors.supervise(
                                        RngDriver.create(
                                                CompletableFuture.completedFuture(device),
                                                new InFlight()))
                                .onFailure(SupervisorStrategy.restart()));
        device.irq = () -> ref.tell(RngDriver.IRQ);
        return ref;
    }

    private static byte[] read(ActorRef<RngDriver.Command> rng, int n) throws Exception {
        var reply = new CompletableFuture<byte[]>();
        rng.tell(new RngDriver.Read(n, reply));
        return reply.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aReadReturnsTheBytesTheDeviceWroteInOrderAcrossSeveralRounds() throws Exception {
        var device = counterDevice();
        var rng = start(device);
        byte[] first = read(rng, 16);
        byte[] big = read(rng, 3 * RngDriver.BUFFER + 5);
        for (int i = 0; i < 16; i++) {
            assertEquals((byte) i, first[i]);
        }
        assertEquals(3 * RngDriver.BUFFER + 5, big.length);
        assertEquals(
                (byte) RngDriver.BUFFER, big[0]); // a fresh round after the first request's buffer
        assertTrue(
                device.rearms >= 5, "the interrupt is re-armed after each one: " + device.rearms);
        assertEquals(1, device.resets);
    }

    @Test
    void requestsOutOfRangeAreRefusedWithoutTouchingTheDevice() {
        var rng = start(counterDevice());
        var e = assertThrows(ExecutionException.class, () -> read(rng, 0));
        assertTrue(
                e.getCause().getMessage().contains("1.." + RngDriver.MAX_BYTES),
                e.getCause().getMessage());
        assertThrows(ExecutionException.class, () -> read(rng, RngDriver.MAX_BYTES + 1));
    }

    @Test
    void withoutADeviceEveryRequestFailsWithTheReason() {
        var rng =
                KIT.spawn(
                        RngDriver.create(
                                CompletableFuture.failedFuture(
                                        new VirtioDeviceException("no virtio-rng-pci device")),
                                new InFlight()));
        var e = assertThrows(ExecutionException.class, () -> read(rng, 4));
        assertTrue(
                e.getCause().getMessage().contains("no virtio-rng-pci device"),
                e.getCause().getMessage());
    }

    @Test
    void aDeviceErrorRestartsTheDriverWhichResetsTheDeviceFailsTheRequestInFlightAndServesTheNext()
            throws Exception {
        var device = counterDevice();
        var rng = start(device);
        read(rng, 4);
        device.corruptNextUsed = true;
        var doomed = new CompletableFuture<byte[]>();
        rng.tell(new RngDriver.Read(8, doomed));
        var e = assertThrows(ExecutionException.class, () -> doomed.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("reset"), e.getCause().getMessage());
        assertEquals(8, read(rng, 8).length);
        assertEquals(2, device.resets);
    }
}
