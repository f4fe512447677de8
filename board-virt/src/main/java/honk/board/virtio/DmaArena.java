package honk.board.virtio;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The one allocator for a device's rings and buffers: a bump allocator over a run of pinned pages
 * whose physical addresses are known. Pages need not be physically adjacent, so no allocation
 * crosses a page boundary. Nothing is freed one by one: a driver allocates at initialization and
 * {@link #reset()}s after the device is reset (a reset device no longer touches the memory). Pure
 * Java: the memory may be any segment, which is how tests run it on the host.
 */
public final class DmaArena {
    private final MemorySegment memory;
    private final long pageSize;
    private final long[] pagePhysical;
    private long next; // actor-confined: the driver that owns the device

    /**
     * @param memory the mapping, {@code pagePhysical.length * pageSize} bytes
     * @param pagePhysical the physical address of each page of it, in order
     */
    public DmaArena(MemorySegment memory, long pageSize, long[] pagePhysical) {
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two, got " + pageSize);
        }
        if (memory.byteSize() != pageSize * pagePhysical.length) {
            throw new IllegalArgumentException(
                    "the mapping has "
                            + memory.byteSize()
                            + " bytes, expected "
                            + pagePhysical.length
                            + " pages of "
                            + pageSize);
        }
        for (long p : pagePhysical) {
            if (p <= 0 || (p & (pageSize - 1)) != 0) {
                throw new IllegalArgumentException(
                        "page physical address 0x"
                                + Long.toHexString(p)
                                + " is not a non-zero multiple of the page size "
                                + pageSize);
            }
        }
        this.memory = memory;
        this.pageSize = pageSize;
        this.pagePhysical = pagePhysical.clone();
    }

    /** {@code size} bytes aligned to {@code align}, zeroed, within one page. */
    public DmaBuffer allocate(long size, long align) {
        if (size <= 0 || size > pageSize) {
            throw new IllegalArgumentException(
                    "a DMA allocation takes 1.." + pageSize + " bytes, asked " + size);
        }
        if (align <= 0 || Long.bitCount(align) != 1 || align > pageSize) {
            throw new IllegalArgumentException(
                    "alignment must be a power of two up to the page size, got " + align);
        }
        long at = (next + align - 1) & -align;
        if (at / pageSize != (at + size - 1) / pageSize) {
            at = (at / pageSize + 1) * pageSize; // would straddle two pages: start on the next one
        }
        if (at + size > memory.byteSize()) {
            throw new IllegalStateException(
                    "DMA arena exhausted: "
                            + size
                            + " bytes asked, "
                            + Math.max(0, memory.byteSize() - at)
                            + " left of "
                            + memory.byteSize());
        }
        next = at + size;
        MemorySegment slice = memory.asSlice(at, size);
        slice.fill((byte) 0);
        return new DmaBuffer(slice, pagePhysical[(int) (at / pageSize)] + at % pageSize);
    }

    /** Forgets every allocation; only after the device using them has been reset. */
    public void reset() {
        next = 0;
    }

    /** Bytes handed out so far (alignment padding included). */
    public long used() {
        return next;
    }

    @Override
    public String toString() {
        return "DmaArena["
                + pagePhysical.length
                + " x "
                + pageSize
                + " at "
                + Arrays.toString(
                        Arrays.stream(pagePhysical)
                                .mapToObj(p -> "0x" + Long.toHexString(p))
                                .toArray())
                + "]";
    }
}
