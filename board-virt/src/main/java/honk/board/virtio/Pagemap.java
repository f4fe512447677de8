package honk.board.virtio;

/**
 * Decodes {@code /proc/self/pagemap} entries (Documentation/admin-guide/mm/pagemap.rst): one 64-bit
 * word per 4 KiB virtual page, bit 63 "present", bits 0-54 the page frame number. Without
 * CAP_SYS_ADMIN the kernel reports the PFN as 0, which is refused here rather than handed to a
 * device as address 0. Pure Java.
 */
public final class Pagemap {
    /**
     * The unit of pagemap's index: the base page size (4 KiB on riscv64, x86-64 and arm64's
     * default).
     */
    public static final long BASE_PAGE = 4096;

    private static final long PRESENT = 1L << 63;
    private static final long PFN_MASK = (1L << 55) - 1;

    private Pagemap() {}

    /** The file offset of the entry for {@code virtualAddress}. */
    public static long offsetOf(long virtualAddress) {
        return Long.divideUnsigned(virtualAddress, BASE_PAGE) * 8;
    }

    /** The physical address behind {@code virtualAddress}, given its pagemap {@code entry}. */
    public static long physicalAddress(long entry, long virtualAddress) {
        if ((entry & PRESENT) == 0) {
            throw new IllegalStateException(
                    "page at 0x"
                            + Long.toHexString(virtualAddress)
                            + " is not present in memory (pagemap entry 0x"
                            + Long.toHexString(entry)
                            + ")");
        }
        long pfn = entry & PFN_MASK;
        if (pfn == 0) {
            throw new IllegalStateException(
                    "pagemap hides the frame of 0x"
                            + Long.toHexString(virtualAddress)
                            + " (PFN 0): reading physical addresses needs CAP_SYS_ADMIN");
        }
        return pfn * BASE_PAGE + (virtualAddress & (BASE_PAGE - 1));
    }
}
