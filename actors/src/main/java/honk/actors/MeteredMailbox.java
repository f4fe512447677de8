package honk.actors;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.actor.typed.MailboxSelector;
import akka.dispatch.AbstractNodeQueue;
import akka.dispatch.Envelope;
import akka.dispatch.MailboxType;
import akka.dispatch.MessageQueue;
import akka.dispatch.UnboundedMessageQueueSemantics;

import com.typesafe.config.Config;

import scala.Option;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The mailbox of honk's processes, shards and system services: Akka's multi-producer,
 * single-consumer node queue (what typed actors use by default) that stamps each message with the
 * time it was queued and counts messages in and out, into the owner's {@link MailboxMeter}. A
 * process's shard hands its meter over while it spawns the process ({@link #meterForNextSpawn});
 * any other owner's meter is found in {@link MailboxMeters} by its path. Depth is in minus out of
 * the live queue, so messages lost with a dead incarnation never count. Declared in reference.conf
 * as {@link #CONFIG_PATH}; runs wherever the actor runs.
 */
public final class MeteredMailbox implements MailboxType {
    public static final String CONFIG_PATH = "honk.metered-mailbox";

    /**
     * Set by a shard around {@code spawn}: Akka creates a local child's mailbox in the spawning
     * call, on the spawning thread, so the process's own meter reaches its mailbox without a
     * lookup. Unset, the meter comes from {@link MailboxMeters}.
     */
    private static final ThreadLocal<MailboxMeter> NEXT = new ThreadLocal<>();

    /** Spawn props that give an actor this mailbox. */
    public static MailboxSelector selector() {
        return MailboxSelector.fromConfig(CONFIG_PATH);
    }

    /** The constructor Akka calls for a mailbox type named in the configuration. */
    public MeteredMailbox(ActorSystem.Settings settings, Config config) {}

    /**
     * The next mailbox this thread creates counts into {@code meter} (null: look it up by path).
     */
    static void meterForNextSpawn(MailboxMeter meter) {
        if (meter == null) {
            NEXT.remove();
        } else {
            NEXT.set(meter);
        }
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        MailboxMeter meter = NEXT.get();
        if (meter != null) {
            NEXT.remove();
        } else if (owner.isDefined() && system.isDefined()) {
            meter = MailboxMeters.get(system.get()).meterFor(owner.get().path());
        } else {
            meter = new MailboxMeter();
        }
        return new Queue(meter);
    }

    private record Stamped(Envelope envelope, long queuedAtNanos) {}

    /**
     * One incarnation's queue. Any thread enqueues; one thread at a time dequeues (the actor's).
     */
    static final class Queue extends AbstractNodeQueue<Stamped>
            implements MessageQueue, UnboundedMessageQueueSemantics {
        private final MailboxMeter meter;
        private final AtomicLong in =
                new AtomicLong(); // counted before the add: depth is never negative
        // written by the consumer, read racily (see MailboxMeter)
        long out;
        long waitNanos;
        long maxWaitNanos;

        Queue(MailboxMeter meter) {
            this.meter = meter;
            meter.attach(this);
        }

        @Override
        public void enqueue(ActorRef receiver, Envelope handle) {
            in.incrementAndGet();
            add(new Stamped(handle, System.nanoTime()));
        }

        @Override
        public Envelope dequeue() {
            Stamped s = poll();
            if (s == null) {
                return null;
            }
            long now = System.nanoTime();
            long wait = now - s.queuedAtNanos();
            meter.lastDequeuedAtNanos = now;
            out++;
            waitNanos += wait;
            if (wait > maxWaitNanos) {
                maxWaitNanos = wait;
            }
            return s.envelope();
        }

        @Override
        public int numberOfMessages() {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, in() - out));
        }

        @Override
        public boolean hasMessages() {
            return !isEmpty();
        }

        @Override
        public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
            for (Envelope e = dequeue(); e != null; e = dequeue()) {
                deadLetters.enqueue(owner, e);
            }
            meter.detach(this);
        }

        long in() {
            return in.get();
        }
    }
}
