package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PagemapTest {
    @Test
    void aPresentEntryGivesTheFrameAndTheOffsetWithinThePage() {
        long entry = (1L << 63) | 0x81234L;
        assertEquals(0x81234L * 4096 + 0x123, Pagemap.physicalAddress(entry, 0x7f00_0000_0123L));
    }

    @Test
    void flagBitsAboveTheFrameNumberAreIgnored() {
        long entry = (1L << 63) | (1L << 62) | (1L << 56) | (1L << 55) | 0x42L;
        assertEquals(0x42L * 4096, Pagemap.physicalAddress(entry, 0x1000));
    }

    @Test
    void theEntryOffsetIsEightBytesPerBasePage() {
        assertEquals(8 * 0x7f0000L, Pagemap.offsetOf(0x7f0000000L));
        assertEquals(
                8 * 0xfffffffffffffL,
                Pagemap.offsetOf(-1L)); // the top of the address space, unsigned
    }

    @Test
    void aPageNotPresentIsRefused() {
        var e =
                assertThrows(
                        IllegalStateException.class, () -> Pagemap.physicalAddress(0x42L, 0x1000));
        assertTrue(e.getMessage().contains("not present"), e.getMessage());
    }

    @Test
    void aHiddenFrameNumberIsRefusedRatherThanUsedAsAddressZero() {
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () -> Pagemap.physicalAddress(1L << 63, 0x1000));
        assertTrue(e.getMessage().contains("CAP_SYS_ADMIN"), e.getMessage());
    }
}
