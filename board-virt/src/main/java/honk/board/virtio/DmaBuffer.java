package honk.board.virtio;

import java.lang.foreign.MemorySegment;

/**
 * A piece of DMA memory: the driver's view ({@code segment}) and the device's ({@code physical},
 * the bus address it is told in a descriptor). Physically contiguous for its whole length.
 */
public record DmaBuffer(MemorySegment segment, long physical) {
    public long size() {
        return segment.byteSize();
    }
}
