package honk.board.virtio;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Plays a virtio device over plain memory, as QEMU would over guest RAM: it reads the available
 * ring and the descriptors the driver wrote, hands the readable bytes to {@code answer}, writes the
 * answer into the writable buffers, posts a used entry and raises the interrupt. With {@link #hold}
 * it keeps requests until {@link #release}; {@link #corruptNextUsed} makes it post a used entry
 * naming a descriptor out of range, as a broken device would.
 */
final class FakeVirtioDevice implements VirtioTransport {
    static final long PAGE = 2 * 1024 * 1024;
    static final long BASE = 0x8000_0000L;
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment memory = Arena.ofShared().allocate(PAGE, 4096);
    private final DmaArena arena = new DmaArena(memory, PAGE, new long[] {BASE});
    private final Function<byte[], byte[]> answer;
    private final MemorySegment config;
    volatile Runnable irq = () -> {};
    volatile boolean hold;
    volatile boolean corruptNextUsed;
    volatile int resets;
    volatile int rearms;
    // the device's own view of the queue
    private int size;
    private long desc;
    private long avail;
    private long used;
    private short lastAvail;
    private short usedIdx;

    FakeVirtioDevice(Function<byte[], byte[]> answer, MemorySegment config) {
        this.answer = answer;
        this.config = config;
    }

    @Override
    public synchronized void reset() {
        resets++;
        size = 0;
        lastAvail = 0;
        usedIdx = 0;
        arena.reset();
    }

    @Override
    public long negotiate(long wanted) {
        return wanted & (F_VERSION_1 | NinePDriver.F_MOUNT_TAG);
    }

    @Override
    public synchronized Virtqueue queue(int index, int maxSize) {
        size = Integer.highestOneBit(Math.min(maxSize, 64));
        var q = new Virtqueue(index, size, arena.allocate(Virtqueue.bytesFor(size), 16));
        desc = q.descPhysical();
        avail = q.availPhysical();
        used = q.usedPhysical();
        return q;
    }

    @Override
    public void driverOk() {}

    @Override
    public void notify(Virtqueue queue) {
        if (!hold) {
            release();
        }
    }

    /** Answers every request offered so far, then raises the interrupt once. */
    synchronized void release() {
        if (size == 0) {
            return; // reset, and no queue set up yet: nothing to serve
        }
        boolean any = false;
        short offered = memory.get(U16, off(avail) + 2);
        while (lastAvail != offered) {
            int head = memory.get(U16, off(avail) + 4 + 2L * (lastAvail & (size - 1))) & 0xffff;
            serve(head);
            lastAvail++;
            any = true;
        }
        if (any) {
            irq.run();
        }
    }

    private void serve(int head) {
        var readable = new ByteArrayOutputStream();
        var writable = new ArrayList<long[]>();
        for (int d = head, n = 0; n < size; n++) {
            long at = off(desc) + 16L * d;
            long addr = memory.get(U64, at);
            int len = memory.get(U32, at + 8);
            short flags = memory.get(U16, at + 12);
            if ((flags & Virtqueue.DESC_F_WRITE) != 0) {
                writable.add(new long[] {addr, len});
            } else {
                readable.writeBytes(memory.asSlice(off(addr), len).toArray(ValueLayout.JAVA_BYTE));
            }
            if ((flags & Virtqueue.DESC_F_NEXT) == 0) {
                break;
            }
            d = memory.get(U16, at + 14) & 0xffff;
        }
        byte[] reply = answer.apply(readable.toByteArray());
        int written = write(reply, writable);
        long entry = off(used) + 4 + 8L * (usedIdx & (size - 1));
        memory.set(U32, entry, corruptNextUsed ? size + 5 : head);
        memory.set(U32, entry + 4, written);
        corruptNextUsed = false;
        usedIdx++;
        memory.set(U16, off(used) + 2, usedIdx);
    }

    private int write(byte[] reply, List<long[]> writable) {
        int done = 0;
        for (long[] w : writable) {
            int n = (int) Math.min(w[1], reply.length - done);
            MemorySegment.copy(reply, done, memory, ValueLayout.JAVA_BYTE, off(w[0]), n);
            done += n;
        }
        return done;
    }

    private static long off(long physical) {
        return physical - BASE;
    }

    @Override
    public int acknowledgeInterrupt() {
        return 1;
    }

    @Override
    public boolean broken() {
        return false;
    }

    @Override
    public MemorySegment deviceConfig() {
        return config;
    }

    @Override
    public DmaArena arena() {
        return arena;
    }

    @Override
    public void rearm() {
        rearms++;
    }
}
