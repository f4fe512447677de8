package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The modern transport's register layout, on plain memory standing in for QEMU's BAR 4. */
class VirtioPciTest {
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long PAGE = 4096;

    private final MemorySegment bar = Arena.ofAuto().allocate(0x4000, PAGE);
    private final DmaArena arena =
            new DmaArena(Arena.ofAuto().allocate(PAGE, PAGE), PAGE, new long[] {0x9000_0000L});
    private final VirtioPci pci =
            new VirtioPci(bar, VirtioCaps.parse(VirtioCapsTest.qemuConfig()), arena, () -> {});

    @Test
    void aQueueIsSetUpWithItsRingAddressesAndNoMsixVector() {
        bar.set(U16, VirtioPci.NUM_QUEUES, (short) 1);
        bar.set(U16, VirtioPci.QUEUE_SIZE, (short) 256); // the device's maximum
        Virtqueue q = pci.queue(0, 16);
        assertEquals(16, q.size());
        assertEquals(16, bar.get(U16, VirtioPci.QUEUE_SIZE));
        assertEquals(0x9000_0000L, bar.get(U64, VirtioPci.QUEUE_DESC));
        assertEquals(q.availPhysical(), bar.get(U64, VirtioPci.QUEUE_DRIVER));
        assertEquals(q.usedPhysical(), bar.get(U64, VirtioPci.QUEUE_DEVICE));
        assertEquals(1, bar.get(U16, VirtioPci.QUEUE_ENABLE));
        assertEquals(VirtioPci.NO_VECTOR, bar.get(U16, VirtioPci.QUEUE_MSIX_VECTOR));
    }

    @Test
    void theDoorbellIsAtTheQueuesNotifyOffsetTimesTheMultiplier() {
        bar.set(U16, VirtioPci.NUM_QUEUES, (short) 1);
        bar.set(U16, VirtioPci.QUEUE_SIZE, (short) 8);
        Virtqueue q = pci.queue(0, 8);
        bar.set(U16, VirtioPci.QUEUE_NOTIFY_OFF, (short) 3);
        bar.set(U16, 0x3000 + 12, (short) 0x7777);
        pci.notify(q);
        assertEquals(
                0, bar.get(U16, 0x3000 + 3 * 4)); // queue 0's index, at 3 x notify_off_multiplier 4
        bar.set(U16, VirtioPci.QUEUE_NOTIFY_OFF, (short) 0x7fff);
        assertThrows(VirtioDeviceException.class, () -> pci.notify(q));
    }

    @Test
    void aLegacyOnlyDeviceAndMissingQueuesAreRefused() {
        var legacy =
                assertThrows(
                        VirtioDeviceException.class,
                        () -> pci.negotiate(VirtioTransport.F_VERSION_1));
        assertTrue(legacy.getMessage().contains("disable-legacy=on"), legacy.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pci.negotiate(0));
        assertThrows(VirtioDeviceException.class, () -> pci.queue(0, 8)); // num_queues is 0
        bar.set(U16, VirtioPci.NUM_QUEUES, (short) 1);
        assertThrows(
                VirtioDeviceException.class, () -> pci.queue(0, 8)); // queue size 0: not available
    }

    @Test
    void structuresThatDoNotFitTheBarAreRefused() {
        var small = Arena.ofAuto().allocate(0x2000, PAGE);
        var e =
                assertThrows(
                        VirtioDeviceException.class,
                        () ->
                                new VirtioPci(
                                        small,
                                        VirtioCaps.parse(VirtioCapsTest.qemuConfig()),
                                        arena,
                                        () -> {}));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
}
