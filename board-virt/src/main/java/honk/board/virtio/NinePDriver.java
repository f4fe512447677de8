package honk.board.virtio;

import akka.actor.typed.Behavior;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * honk's virtio-9p driver (virtio v1.2 §5.11; QEMU's {@code virtio-9p-pci}): one request queue, and
 * each 9P exchange is one descriptor chain, the T-message (device-readable) then a reply buffer of
 * {@link #MAX_MESSAGE} bytes (device-writable). The device answers in the same chain, so the chain
 * pairs reply with request; the 9P client still checks the tag. {@link #SLOTS} exchanges may be in
 * flight; more wait here. The interrupt arrives as {@link #IRQ}. A device error crashes the actor;
 * its next incarnation resets the device, fails the exchanges in flight and serves new ones.
 */
public final class NinePDriver {
    public sealed interface Command {}

    /**
     * Send {@code tmessage} (one whole T-message) from {@code channel} and complete {@code reply}
     * with the R-message. The device holds one 9P session, whose fids a Tversion or a device reset
     * clunks: a channel's exchanges are carried only while its Tversion began the current session,
     * else they fail and its client reconnects.
     */
    public record Exchange(byte[] tmessage, long channel, CompletableFuture<ByteBuffer> reply)
            implements Command {}

    /** The device's interrupt fired (posted by its uio reader thread). */
    public enum Irq implements Command {
        IRQ
    }

    public static final Irq IRQ = Irq.IRQ;

    private record DeviceReady(VirtioTransport device) implements Command {}

    private record DeviceAbsent(String reason) implements Command {}

    /** The msize honk offers: Linux's own 9p client defaults to 128 KiB over virtio too. */
    public static final int MAX_MESSAGE = 128 * 1024;

    /** Exchanges in flight: two buffers of MAX_MESSAGE each fit one 2 MiB hugepage seven times. */
    static final int SLOTS = 7;

    /** VIRTIO_9P_MOUNT_TAG (§5.11.3): the device config holds the tag. */
    static final long F_MOUNT_TAG = 1;

    private static final int HEADER = 7; // size[4] type[1] tag[2]

    /** Tversion's type byte: it begins a new session on the device (9P2000.L, version(5)). */
    private static final byte TVERSION = 100;

    private final InFlight inFlight;
    // actor-confined
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private final Exchange[] slotExchange = new Exchange[SLOTS];
    private final int[] headSlot = new int[Virtqueue.MAX_SIZE];
    private DmaBuffer[] requests;
    private DmaBuffer[] replies;
    private VirtioTransport device;
    private Virtqueue queue;
    private String absent; // non-null: no device, and why
    private long session = -1; // the channel whose Tversion began the device's current 9P session

    private NinePDriver(InFlight inFlight) {
        this.inFlight = inFlight;
    }

    /**
     * @param device the device once found and bound (a failed stage: there is none, and why)
     * @param inFlight shared by every incarnation of this driver
     */
    public static Behavior<Command> create(
            CompletionStage<? extends VirtioTransport> device, InFlight inFlight) {
        return VirtioDriver.start(
                Command.class,
                "virtio-9p",
                device,
                inFlight,
                DeviceReady::new,
                DeviceAbsent::new,
                () -> new NinePDriver(inFlight)::onMessage);
    }

    /** The mount tag in a virtio-9p device config: le16 length, then that many bytes (§5.11.4). */
    public static String mountTag(MemorySegment config) {
        if (config.byteSize() < 2) {
            throw new VirtioDeviceException(
                    "virtio-9p: the device has no configuration for its mount tag");
        }
        int len =
                config.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0)
                        & 0xffff;
        if (len > config.byteSize() - 2) {
            throw new VirtioDeviceException(
                    "virtio-9p: the mount tag's length "
                            + len
                            + " is past the device config ("
                            + config.byteSize()
                            + " bytes)");
        }
        return new String(
                config.asSlice(2, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private void onMessage(Command msg) {
        switch (msg) {
            case Exchange x -> onExchange(x);
            case Irq i -> onIrq();
            case DeviceReady d -> onReady(d.device());
            case DeviceAbsent a -> onAbsent(a.reason());
        }
    }

    private void onReady(VirtioTransport d) {
        d.reset();
        if ((d.negotiate(VirtioTransport.F_VERSION_1 | F_MOUNT_TAG) & F_MOUNT_TAG) == 0) {
            throw new VirtioDeviceException("virtio-9p: the device offers no mount tag");
        }
        queue = d.queue(0, Integer.highestOneBit(2 * SLOTS - 1) << 1); // two descriptors per slot
        if (queue.size() < 2 * SLOTS) {
            throw new VirtioDeviceException(
                    "virtio-9p: the device's queue holds "
                            + queue.size()
                            + " descriptors; honk needs "
                            + 2 * SLOTS);
        }
        requests = new DmaBuffer[SLOTS];
        replies = new DmaBuffer[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            requests[i] = d.arena().allocate(MAX_MESSAGE, 16);
            replies[i] = d.arena().allocate(MAX_MESSAGE, 16);
            freeSlots.add(i);
        }
        d.driverOk();
        d.rearm();
        device = d;
        pump();
    }

    private void onAbsent(String reason) {
        absent = reason;
        inFlight.failAll("virtio-9p: " + reason);
        waiting.clear();
    }

    private void onExchange(Exchange x) {
        int n = x.tmessage().length;
        if (n < HEADER || n > MAX_MESSAGE) {
            x.reply()
                    .completeExceptionally(
                            new IllegalArgumentException(
                                    "virtio-9p: a T-message is "
                                            + HEADER
                                            + ".."
                                            + MAX_MESSAGE
                                            + " bytes, got "
                                            + n));
        } else if (absent != null) {
            x.reply().completeExceptionally(new IOException("virtio-9p: " + absent));
        } else if (x.tmessage()[4] != TVERSION && x.channel() != session) {
            x.reply()
                    .completeExceptionally(
                            new IOException(
                                    "virtio-9p: this channel's 9P session has ended (the device was"
                                        + " reset, or another session began on it) and its fids are"
                                        + " gone; reconnect"));
        } else {
            if (x.tmessage()[4] == TVERSION) {
                session = x.channel(); // the device clunks every fid of the session before
            }
            inFlight.track(x.reply());
            waiting.add(x);
            pump();
        }
    }

    /** Offers waiting exchanges while slots are free, then rings the doorbell once. */
    private void pump() {
        boolean offered = false;
        while (device != null && !freeSlots.isEmpty() && !waiting.isEmpty()) {
            Exchange x = waiting.poll();
            int slot = freeSlots.poll();
            MemorySegment.copy(
                    x.tmessage(),
                    0,
                    requests[slot].segment(),
                    ValueLayout.JAVA_BYTE,
                    0,
                    x.tmessage().length);
            int head =
                    queue.offer(
                            List.of(
                                    new Virtqueue.Buffer(
                                            requests[slot].physical(), x.tmessage().length, false),
                                    new Virtqueue.Buffer(
                                            replies[slot].physical(), MAX_MESSAGE, true)));
            if (head < 0) {
                throw new VirtioDeviceException("virtio-9p: no free descriptors for slot " + slot);
            }
            headSlot[head] = slot;
            slotExchange[slot] = x;
            offered = true;
        }
        if (offered) {
            device.notify(queue);
        }
    }

    private void onIrq() {
        if (device == null) {
            return; // a stale interrupt from before a reset
        }
        for (Virtqueue.Used u : VirtioDriver.reap("virtio-9p", device, queue)) {
            int slot = headSlot[u.head()];
            Exchange x = slotExchange[slot];
            slotExchange[slot] = null;
            freeSlots.add(slot);
            inFlight.done(x.reply());
            complete(x, replies[slot].segment(), u.written());
        }
        device.rearm();
        pump();
    }

    /** Hands the R-message back when its size field is sane; the client checks the rest. */
    private static void complete(Exchange x, MemorySegment reply, int written) {
        if (written < HEADER) {
            x.reply()
                    .completeExceptionally(
                            new IOException(
                                    "virtio-9p: the device wrote a "
                                            + written
                                            + "-byte reply, shorter than a 9P header"));
            return;
        }
        int size = reply.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (size < HEADER || size > written) {
            x.reply()
                    .completeExceptionally(
                            new IOException(
                                    "virtio-9p: the reply's size field "
                                            + Integer.toUnsignedString(size)
                                            + " does not fit the "
                                            + written
                                            + " bytes the device wrote"));
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment.copy(reply, ValueLayout.JAVA_BYTE, 0, out.array(), 0, size);
        x.reply().complete(out);
    }
}
