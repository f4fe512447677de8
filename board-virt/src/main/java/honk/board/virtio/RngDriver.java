package honk.board.virtio;

import akka.actor.typed.Behavior;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * honk's virtio-rng (entropy) driver (virtio v1.2 §5.4): one queue, into which the driver offers a
 * device-writable buffer and the device fills it with random bytes. Requests are served one at a
 * time, in order; a request larger than the buffer takes several rounds. The interrupt arrives as
 * {@link #IRQ} from the device's uio reader. A device error crashes the actor; its next incarnation
 * resets the device, fails the requests that were in flight and serves new ones.
 */
public final class RngDriver {
    public sealed interface Command {}

    /** {@code bytes} random bytes, 1..{@link #MAX_BYTES}. */
    public record Read(int bytes, CompletableFuture<byte[]> reply) implements Command {}

    /** The device's interrupt fired (posted by its uio reader thread). */
    public enum Irq implements Command {
        IRQ
    }

    public static final Irq IRQ = Irq.IRQ;

    private record DeviceReady(VirtioTransport device) implements Command {}

    private record DeviceAbsent(String reason) implements Command {}

    /**
     * Bound on one request: a shell command's worth (the device gives it out in buffer-sized
     * rounds).
     */
    public static final int MAX_BYTES = 65536;

    /** One round's buffer. */
    static final int BUFFER = 4096;

    private static final int QUEUE = 8;

    private final InFlight inFlight;
    // actor-confined
    private final ArrayDeque<Read> waiting = new ArrayDeque<>();
    private VirtioTransport device;
    private String absent; // non-null: no device, and why
    private Virtqueue queue;
    private DmaBuffer buffer;
    private Read current;
    private byte[] collected;
    private int filled;
    private boolean roundInFlight;

    private RngDriver(InFlight inFlight) {
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
                "virtio-rng",
                device,
                inFlight,
                DeviceReady::new,
                DeviceAbsent::new,
                () -> new RngDriver(inFlight)::onMessage);
    }

    private void onMessage(Command msg) {
        switch (msg) {
            case Read r -> onRead(r);
            case Irq i -> onIrq();
            case DeviceReady d -> onReady(d.device());
            case DeviceAbsent a -> onAbsent(a.reason());
        }
    }

    private void onReady(VirtioTransport d) {
        d.reset();
        d.negotiate(VirtioTransport.F_VERSION_1);
        queue = d.queue(0, QUEUE);
        buffer = d.arena().allocate(BUFFER, 16);
        d.driverOk();
        d.rearm();
        device = d;
        next();
    }

    private void onAbsent(String reason) {
        absent = reason;
        inFlight.failAll("virtio-rng: " + reason);
        waiting.clear();
    }

    private void onRead(Read r) {
        if (r.bytes() < 1 || r.bytes() > MAX_BYTES) {
            r.reply()
                    .completeExceptionally(
                            new IllegalArgumentException(
                                    "virtio-rng: asked for "
                                            + r.bytes()
                                            + " bytes; one request takes 1.."
                                            + MAX_BYTES));
        } else if (absent != null) {
            r.reply().completeExceptionally(new IOException("virtio-rng: " + absent));
        } else {
            inFlight.track(r.reply());
            waiting.add(r);
            next();
        }
    }

    /** Starts the next round: more of the current request, or the next waiting one. */
    private void next() {
        if (device == null || roundInFlight) {
            return;
        }
        if (current == null) {
            current = waiting.poll();
            if (current == null) {
                return;
            }
            collected = new byte[current.bytes()];
            filled = 0;
        }
        int round = Math.min(BUFFER, collected.length - filled);
        if (queue.offer(List.of(new Virtqueue.Buffer(buffer.physical(), round, true))) < 0) {
            throw new VirtioDeviceException("virtio-rng: no free descriptor for the only buffer");
        }
        roundInFlight = true;
        device.notify(queue);
    }

    private void onIrq() {
        if (device == null) {
            return; // a stale interrupt from before a reset
        }
        for (Virtqueue.Used u : VirtioDriver.reap("virtio-rng", device, queue)) {
            int n = Math.min(u.written(), collected.length - filled);
            buffer.segment().asSlice(0, n).asByteBuffer().get(collected, filled, n);
            filled += n;
            roundInFlight = false;
            if (filled == collected.length) {
                current.reply().complete(collected);
                inFlight.done(current.reply());
                current = null;
            }
        }
        device.rearm();
        next();
    }
}
