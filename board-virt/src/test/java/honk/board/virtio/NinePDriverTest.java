package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;

import honk.supervision.ServiceHandle;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

@Timeout(60)
class NinePDriverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static MemorySegment tagConfig(String tag) {
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        MemorySegment c = Arena.ofAuto().allocate(2 + t.length + 8);
        c.set(
                ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                0,
                (short) t.length);
        MemorySegment.copy(t, 0, c, ValueLayout.JAVA_BYTE, 2, t.length);
        return c;
    }

    /**
     * A 9P "server" that answers each T-message with type+1, the same tag, and the request's body.
     */
    static byte[] echo(byte[] t) {
        ByteBuffer r = ByteBuffer.allocate(t.length).order(ByteOrder.LITTLE_ENDIAN);
        r.put(t).putInt(0, t.length).put(4, (byte) (t[4] + 1));
        return r.array();
    }

    private static ByteBuffer tmessage(int tag, int body) {
        return tmessage(116, tag, body); // Tread's type; the driver looks only at Tversion
    }

    private static ByteBuffer tmessage(int type, int tag, int body) {
        ByteBuffer b = ByteBuffer.allocate(7 + body).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(7 + body).put((byte) type).putShort((short) tag);
        for (int i = 0; i < body; i++) {
            b.put((byte) (tag + i));
        }
        return b.flip();
    }

    /**
     * Starts a driver on {@code device}; each call of the result is a new channel (a 9P session).
     */
    private static Supplier<VirtioNinePTransport> sessions(FakeVirtioDevice device) {
        var handle = new ServiceHandle<NinePDriver.Command>("p9-host");
        var ref =
                KIT.spawn(
                        Behaviors.supervise(
                                        NinePDriver.create(
                                                CompletableFuture.completedFuture(device),
                                                new InFlight()))
                                .onFailure(SupervisorStrategy.restart()));
        handle.set(ref);
        device.irq = () -> handle.tell(NinePDriver.IRQ);
        return () -> new VirtioNinePTransport(handle);
    }

    /** A new channel that has begun its 9P session (Tversion). */
    private static VirtioNinePTransport open(Supplier<VirtioNinePTransport> sessions)
            throws Exception {
        VirtioNinePTransport t = sessions.get();
        t.exchange(tmessage(100, 0xffff, 13)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return t;
    }

    private static VirtioNinePTransport start(FakeVirtioDevice device) throws Exception {
        return open(sessions(device));
    }

    private static FakeVirtioDevice device(Function<byte[], byte[]> server) {
        return new FakeVirtioDevice(server, tagConfig("host"));
    }

    @Test
    void anExchangeReturnsTheDevicesReply() throws Exception {
        var t = start(device(NinePDriverTest::echo));
        ByteBuffer r = t.exchange(tmessage(5, 100)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(107, r.limit());
        assertEquals(117, r.get(4));
        assertEquals(5, r.getShort(5));
        assertEquals((byte) (5 + 99), r.get(106));
        assertEquals(ByteOrder.LITTLE_ENDIAN, r.order());
    }

    @Test
    void manyMoreExchangesThanSlotsAllCompleteWithTheirOwnReplies() throws Exception {
        var device = device(NinePDriverTest::echo);
        var t = start(device);
        device.hold = true; // let them pile up past the slots
        var replies = new ArrayList<CompletableFuture<ByteBuffer>>();
        for (int tag = 0; tag < 5 * NinePDriver.SLOTS; tag++) {
            replies.add(t.exchange(tmessage(tag, tag * 1000)).toCompletableFuture());
        }
        Eventually.await(
                "every exchange completes",
                WAIT,
                () -> {
                    device.release();
                    return replies.stream().allMatch(CompletableFuture::isDone);
                });
        for (int tag = 0; tag < replies.size(); tag++) {
            ByteBuffer r = replies.get(tag).get();
            assertEquals(tag, r.getShort(5));
            assertEquals(7 + tag * 1000, r.limit());
        }
    }

    @Test
    void aReplyWhoseSizeFieldOverrunsWhatTheDeviceWroteFailsThatExchangeOnly() throws Exception {
        var t =
                start(
                        device(req -> {
                            byte[] r = echo(req);
                            if (req[5] == 1) {
                                ByteBuffer.wrap(r)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .putInt(0, 1 << 30);
                            }
                            return r;
                        }));
        var bad =
                assertThrows(
                        ExecutionException.class,
                        () ->
                                t.exchange(tmessage(1, 10))
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS));
        assertTrue(bad.getCause().getMessage().contains("size field"), bad.getCause().getMessage());
        assertEquals(
                2,
                t.exchange(tmessage(2, 10))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .getShort(5));
    }

    @Test
    void oversizedAndTruncatedTMessagesAreRefused() throws Exception {
        var t = start(device(NinePDriverTest::echo));
        assertThrows(
                ExecutionException.class,
                () ->
                        t.exchange(ByteBuffer.allocate(3))
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS));
        assertThrows(
                ExecutionException.class,
                () ->
                        t.exchange(tmessage(1, NinePDriver.MAX_MESSAGE))
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS));
    }

    @Test
    void aDeviceErrorResetsTheDeviceFailsTheExchangesInFlightAndANewSessionSucceeds()
            throws Exception {
        var device = device(NinePDriverTest::echo);
        var sessions = sessions(device);
        var t = open(sessions);
        t.exchange(tmessage(1, 1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        device.hold = true;
        var inFlight = t.exchange(tmessage(2, 1)).toCompletableFuture();
        var second = t.exchange(tmessage(3, 1)).toCompletableFuture();
        device.corruptNextUsed = true;
        Eventually.await(
                "both exchanges in flight end",
                WAIT,
                () -> {
                    device.release(); // the driver offers the two when it gets to them
                    return inFlight.isDone() && second.isDone();
                });
        for (var f : new CompletableFuture<?>[] {inFlight, second}) {
            var e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("reset"), e.getCause().getMessage());
        }
        device.hold = false;
        // the old session's fids died with the reset: its channel fails like a dropped connection
        var stale =
                assertThrows(
                        ExecutionException.class,
                        () ->
                                t.exchange(tmessage(4, 1))
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS));
        assertTrue(
                stale.getCause().getMessage().contains("reconnect"), stale.getCause().getMessage());
        assertEquals(
                5,
                open(sessions)
                        .exchange(tmessage(5, 1))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .getShort(5));
        assertEquals(2, device.resets);
    }

    @Test
    void aNewSessionOnTheDeviceEndsTheOldChannelsSession() throws Exception {
        var sessions = sessions(device(NinePDriverTest::echo));
        var first = open(sessions);
        assertEquals(
                1,
                first.exchange(tmessage(1, 1))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .getShort(5));
        var second = open(sessions); // its Tversion clunks every fid of the first session
        var ended =
                assertThrows(
                        ExecutionException.class,
                        () ->
                                first.exchange(tmessage(2, 1))
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS));
        assertTrue(
                ended.getCause().getMessage().contains("session has ended"),
                ended.getCause().getMessage());
        assertEquals(
                3,
                second.exchange(tmessage(3, 1))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .getShort(5));
        var unversioned = sessions.get();
        assertThrows(
                ExecutionException.class,
                () ->
                        unversioned
                                .exchange(tmessage(4, 1))
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS));
    }

    @Test
    void theMountTagIsReadFromTheDeviceConfigAndABadLengthIsRefused() {
        assertEquals("host", NinePDriver.mountTag(tagConfig("host")));
        MemorySegment bad = tagConfig("host");
        bad.set(
                ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                0,
                (short) 500);
        assertThrows(VirtioDeviceException.class, () -> NinePDriver.mountTag(bad));
    }
}
