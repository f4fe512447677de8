package honk.board.virtio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A split virtqueue (virtio v1.2 §2.7): the descriptor table, the available ring (driver to device)
 * and the used ring (device to driver), laid out in one piece of DMA memory. The driver keeps its
 * own shadow of which descriptors are free and how each chain is shaped, so nothing the device
 * writes is trusted: a used entry naming a descriptor that is not the head of a chain in flight, a
 * length past the chain's writable bytes, or a used index that jumps past the ring is a {@link
 * VirtioDeviceException}. Pure Java over a segment; tests play the device on plain memory.
 * Actor-confined: one driver actor owns a queue.
 */
public final class Virtqueue {
    /** Descriptor flags (§2.7.5). */
    static final short DESC_F_NEXT = 1;

    static final short DESC_F_WRITE = 2;

    /**
     * Largest queue honk sets up: the spec allows 32768; a driver needs no more than its requests
     * in flight.
     */
    public static final int MAX_SIZE = 1024;

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle IDX = U16.varHandle();

    /** One buffer of a chain: {@code length} bytes at bus address {@code physical}. */
    public record Buffer(long physical, int length, boolean deviceWrites) {}

    /** A chain the device has finished with: its head and the bytes it wrote. */
    public record Used(int head, int written) {}

    private final int index;
    private final int size;
    private final DmaBuffer ring;
    private final long availOffset;
    private final long usedOffset;
    // actor-confined
    private final int[] nextFree;
    private final int[] chainLength; // 0: not the head of a chain in flight
    private final long[] chainWritable;
    private int freeHead;
    private int freeCount;
    private short availIdx;
    private short lastUsed;

    /** Bytes of DMA memory a queue of {@code size} entries needs (alignment 16 at its start). */
    public static long bytesFor(int size) {
        return usedOffset(size) + 6 + 8L * size;
    }

    private static long usedOffset(int size) {
        long availEnd = 16L * size + 6 + 2L * size;
        return (availEnd + 3) & ~3L; // the used ring is 4-aligned (§2.7)
    }

    /**
     * A queue of {@code size} entries (a power of two) in {@code ring} (from {@link DmaArena},
     * 16-aligned).
     */
    public Virtqueue(int index, int size, DmaBuffer ring) {
        if (size < 1 || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(
                    "queue size must be a power of two in 1.." + MAX_SIZE + ", got " + size);
        }
        if (ring.size() < bytesFor(size) || (ring.physical() & 15) != 0) {
            throw new IllegalArgumentException(
                    "a "
                            + size
                            + "-entry queue needs "
                            + bytesFor(size)
                            + " bytes at a 16-aligned address, got "
                            + ring.size()
                            + " at 0x"
                            + Long.toHexString(ring.physical()));
        }
        this.index = index;
        this.size = size;
        this.ring = ring;
        this.availOffset = 16L * size;
        this.usedOffset = usedOffset(size);
        this.nextFree = new int[size];
        this.chainLength = new int[size];
        this.chainWritable = new long[size];
        for (int i = 0; i < size; i++) {
            nextFree[i] = i + 1;
        }
        this.freeCount = size;
    }

    public int index() {
        return index;
    }

    public int size() {
        return size;
    }

    public int free() {
        return freeCount;
    }

    public long descPhysical() {
        return ring.physical();
    }

    public long availPhysical() {
        return ring.physical() + availOffset;
    }

    public long usedPhysical() {
        return ring.physical() + usedOffset;
    }

    /**
     * Writes {@code chain} into free descriptors and offers it to the device (the available index
     * is published with release ordering, after the descriptors). Returns the head, or -1 when too
     * few descriptors are free (try again after {@link #reap()}). The caller notifies.
     */
    public int offer(List<Buffer> chain) {
        if (chain.isEmpty() || chain.size() > size) {
            throw new IllegalArgumentException(
                    "a chain has 1.." + size + " buffers, got " + chain.size());
        }
        for (Buffer b : chain) {
            if (b.length() <= 0) {
                throw new IllegalArgumentException("a buffer of a chain must not be empty");
            }
        }
        if (chain.size() > freeCount) {
            return -1;
        }
        MemorySegment m = ring.segment();
        int head = freeHead;
        int d = head;
        long writable = 0;
        for (int i = 0; i < chain.size(); i++) {
            Buffer b = chain.get(i);
            boolean last = i == chain.size() - 1;
            int next = nextFree[d];
            long at = 16L * d;
            m.set(U64, at, b.physical());
            m.set(U32, at + 8, b.length());
            m.set(
                    U16,
                    at + 12,
                    (short) ((last ? 0 : DESC_F_NEXT) | (b.deviceWrites() ? DESC_F_WRITE : 0)));
            m.set(U16, at + 14, (short) (last ? 0 : next));
            writable += b.deviceWrites() ? b.length() : 0;
            if (!last) {
                d = next;
            } else {
                freeHead = next;
            }
        }
        freeCount -= chain.size();
        chainLength[head] = chain.size();
        chainWritable[head] = writable;
        m.set(U16, availOffset + 4 + 2L * (availIdx & (size - 1)), (short) head);
        availIdx++;
        IDX.setRelease(m, availOffset + 2, availIdx); // the device sees the entry before the index
        return head;
    }

    /** The chains the device has returned since the last call, validated and freed. */
    public List<Used> reap() {
        MemorySegment m = ring.segment();
        short deviceIdx = (short) IDX.getAcquire(m, usedOffset + 2);
        int pending = (deviceIdx - lastUsed) & 0xffff;
        if (pending > size - freeCount) {
            throw new VirtioDeviceException(
                    "queue "
                            + index
                            + ": the device's used index moved by "
                            + pending
                            + " with only "
                            + (size - freeCount)
                            + " descriptors in flight");
        }
        var out = new ArrayList<Used>(pending);
        for (int i = 0; i < pending; i++) {
            long at = usedOffset + 4 + 8L * (lastUsed & (size - 1));
            int id = m.get(U32, at);
            long len = m.get(U32, at + 4) & 0xffffffffL;
            if (id < 0 || id >= size || chainLength[id] == 0) {
                throw new VirtioDeviceException(
                        "queue "
                                + index
                                + ": the device returned descriptor "
                                + id
                                + ", which is not the head of a chain in flight");
            }
            if (len > chainWritable[id]) {
                throw new VirtioDeviceException(
                        "queue "
                                + index
                                + ": the device wrote "
                                + len
                                + " bytes into a chain"
                                + " with "
                                + chainWritable[id]
                                + " writable");
            }
            release(id);
            out.add(new Used(id, (int) len));
            lastUsed++;
        }
        return out;
    }

    /** Puts the chain at {@code head} back on the free list, following the driver's own shadow. */
    private void release(int head) {
        int n = chainLength[head];
        chainLength[head] = 0;
        int last = head;
        for (int i = 1; i < n; i++) {
            last = nextFree[last];
        }
        nextFree[last] = freeHead;
        freeHead = head;
        freeCount += n;
    }
}
