package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

class VirtqueueTest {
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long BASE = 0x4000_0000L;

    private final MemorySegment memory = Arena.ofAuto().allocate(Virtqueue.bytesFor(8), 16);
    private final Virtqueue q = new Virtqueue(0, 8, new DmaBuffer(memory, BASE));

    private static Virtqueue.Buffer in(long at, int len) {
        return new Virtqueue.Buffer(at, len, false);
    }

    private static Virtqueue.Buffer out(long at, int len) {
        return new Virtqueue.Buffer(at, len, true);
    }

    /** The device returns {@code head} having written {@code len} bytes. */
    private void deviceUses(int head, int len) {
        long used = q.usedPhysical() - BASE;
        short idx = memory.get(U16, used + 2);
        memory.set(U32, used + 4 + 8L * (idx & 7), head);
        memory.set(U32, used + 4 + 8L * (idx & 7) + 4, len);
        memory.set(U16, used + 2, (short) (idx + 1));
    }

    @Test
    void theRingsAreLaidOutAsTheSpecSays() {
        assertEquals(BASE, q.descPhysical());
        assertEquals(BASE + 16 * 8, q.availPhysical());
        assertEquals(0, (q.usedPhysical() - BASE) % 4);
        assertTrue(q.usedPhysical() >= q.availPhysical() + 6 + 2 * 8);
        assertEquals(q.usedPhysical() - BASE + 6 + 8 * 8, Virtqueue.bytesFor(8));
    }

    @Test
    void anOfferedChainIsInTheDescriptorTableAndTheAvailableRing() {
        int head = q.offer(List.of(in(0x1000, 20), out(0x2000, 300)));
        assertEquals(0x1000, memory.get(U64, 16L * head));
        assertEquals(20, memory.get(U32, 16L * head + 8));
        assertEquals(Virtqueue.DESC_F_NEXT, memory.get(U16, 16L * head + 12));
        int second = memory.get(U16, 16L * head + 14);
        assertEquals(0x2000, memory.get(U64, 16L * second));
        assertEquals(Virtqueue.DESC_F_WRITE, memory.get(U16, 16L * second + 12));
        long avail = q.availPhysical() - BASE;
        assertEquals(1, memory.get(U16, avail + 2));
        assertEquals(head, memory.get(U16, avail + 4));
        assertEquals(6, q.free());
    }

    @Test
    void usedChainsAreReapedAndTheirDescriptorsReused() {
        for (int round = 0;
                round < 20;
                round++) { // the indices wrap the 8-entry rings several times
            int a = q.offer(List.of(in(0x1000, 8), out(0x2000, 64)));
            int b = q.offer(List.of(out(0x3000, 64)));
            deviceUses(b, 10);
            deviceUses(a, 64);
            assertEquals(List.of(new Virtqueue.Used(b, 10), new Virtqueue.Used(a, 64)), q.reap());
            assertEquals(8, q.free());
        }
        assertEquals(List.of(), q.reap());
    }

    @Test
    void aFullQueueSaysSoInsteadOfOverwriting() {
        for (int i = 0; i < 4; i++) {
            q.offer(List.of(in(0x1000, 8), out(0x2000, 8)));
        }
        assertEquals(-1, q.offer(List.of(out(0x2000, 8))));
    }

    @Test
    void aUsedEntryOutOfRangeOrNotInFlightIsADeviceError() {
        q.offer(List.of(in(0x1000, 8), out(0x2000, 8)));
        deviceUses(99, 0);
        var e = assertThrows(VirtioDeviceException.class, q::reap);
        assertTrue(e.getMessage().contains("descriptor 99"), e.getMessage());
    }

    @Test
    void aDescriptorInsideAChainIsNotAHead() {
        int head = q.offer(List.of(in(0x1000, 8), out(0x2000, 8)));
        int second = memory.get(U16, 16L * head + 14);
        deviceUses(second, 0);
        var e = assertThrows(VirtioDeviceException.class, q::reap);
        assertTrue(e.getMessage().contains("not the head"), e.getMessage());
    }

    @Test
    void aLengthPastTheWritableBytesIsADeviceError() {
        int head = q.offer(List.of(in(0x1000, 100), out(0x2000, 8)));
        deviceUses(head, 9);
        var e = assertThrows(VirtioDeviceException.class, q::reap);
        assertTrue(e.getMessage().contains("8 writable"), e.getMessage());
    }

    @Test
    void aUsedIndexJumpingPastWhatIsInFlightIsADeviceError() {
        q.offer(List.of(out(0x2000, 8)));
        memory.set(U16, q.usedPhysical() - BASE + 2, (short) 5);
        var e = assertThrows(VirtioDeviceException.class, q::reap);
        assertTrue(e.getMessage().contains("moved by 5"), e.getMessage());
    }

    @Test
    void badQueuesAndChainsAreRefused() {
        var ring = new DmaBuffer(Arena.ofAuto().allocate(Virtqueue.bytesFor(8), 16), BASE);
        assertThrows(IllegalArgumentException.class, () -> new Virtqueue(0, 6, ring));
        assertThrows(IllegalArgumentException.class, () -> new Virtqueue(0, 16, ring));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Virtqueue(0, 8, new DmaBuffer(ring.segment(), BASE + 8)));
        assertThrows(IllegalArgumentException.class, () -> q.offer(List.of()));
        assertThrows(IllegalArgumentException.class, () -> q.offer(List.of(out(0x2000, 0))));
    }
}
