package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

class DmaArenaTest {
    private static final long PAGE = 4096;

    private static DmaArena twoPages(long... physical) {
        return new DmaArena(Arena.ofAuto().allocate(PAGE * physical.length, PAGE), PAGE, physical);
    }

    @Test
    void allocationsAreAlignedAndCarryThePhysicalAddressOfTheirPage() {
        DmaArena a = twoPages(0x10000, 0x50000);
        DmaBuffer first = a.allocate(10, 16);
        DmaBuffer second = a.allocate(100, 64);
        assertEquals(0x10000, first.physical());
        assertEquals(0x10040, second.physical());
        assertEquals(100, second.size());
        assertEquals(
                second.segment().address() - first.segment().address(),
                second.physical() - first.physical());
    }

    @Test
    void anAllocationThatWouldStraddleTwoPagesStartsOnTheNextPage() {
        DmaArena a =
                twoPages(
                        0x10000,
                        0x50000); // not adjacent: a straddling buffer would be split in two
        a.allocate(4000, 8);
        DmaBuffer b = a.allocate(200, 8);
        assertEquals(0x50000, b.physical());
    }

    @Test
    void allocationsAreZeroedEvenAfterAReset() {
        DmaArena a = twoPages(0x10000);
        a.allocate(64, 8).segment().fill((byte) 7);
        a.reset();
        DmaBuffer again = a.allocate(64, 8);
        for (long i = 0; i < 64; i++) {
            assertEquals(0, again.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, i));
        }
    }

    @Test
    void anExhaustedArenaSaysHowMuchIsLeft() {
        DmaArena a = twoPages(0x10000);
        a.allocate(4000, 8);
        var e = assertThrows(IllegalStateException.class, () -> a.allocate(200, 8));
        assertTrue(e.getMessage().contains("exhausted"), e.getMessage());
    }

    @Test
    void badSizesAlignmentsAndPagesAreRefused() {
        DmaArena a = twoPages(0x10000);
        assertThrows(IllegalArgumentException.class, () -> a.allocate(0, 8));
        assertThrows(IllegalArgumentException.class, () -> a.allocate(PAGE + 1, 8));
        assertThrows(IllegalArgumentException.class, () -> a.allocate(8, 3));
        assertThrows(IllegalArgumentException.class, () -> twoPages(0x10001));
        assertThrows(IllegalArgumentException.class, () -> twoPages(0));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new DmaArena(
                                Arena.ofAuto().allocate(PAGE), PAGE, new long[] {0x1000, 0x2000}));
    }
}
