package honk.actors;

/**
 * What one actor's mailbox and behavior measured, kept across the actor's restarts: messages queued
 * and taken (their difference is the mailbox depth), how long they waited in the mailbox, how long
 * each took to handle. Written inside the actor's own mailbox ({@link MeteredMailbox}) and behavior
 * ({@link ProcessInstrument}), never guessed from outside. Pure Java; thread-safe for what it
 * promises: any sender counts an enqueue atomically; the rest is written only by the actor, one
 * message at a time, and read racily by others, who may see a value a few messages old (HotSpot on
 * 64-bit machines reads and writes a long whole). Plain fields, because every message of every
 * process pays for them.
 */
public final class MailboxMeter {
    /** A snapshot. Times are nanoseconds; {@code depth} is what waits in the mailbox now. */
    public record Reading(
            long depth,
            long enqueued,
            long dequeued,
            long waitNanos,
            long maxWaitNanos,
            long handled,
            long processingNanos,
            long maxProcessingNanos) {
        public static final Reading NONE = new Reading(0, 0, 0, 0, 0, 0, 0, 0);

        public long meanWaitNanos() {
            return dequeued == 0 ? 0 : waitNanos / dequeued;
        }

        public long meanProcessingNanos() {
            return handled == 0 ? 0 : processingNanos / handled;
        }
    }

    // written by the actor (its mailbox's dequeue, its behavior), one message at a time; volatile
    // because ps and the HTTP API read them from other threads (one writer, so ++ is safe)
    private volatile long handled;
    private volatile long processingNanos;
    private volatile long maxProcessingNanos;
    long lastDequeuedAtNanos; // when the message being handled left the mailbox: its processing
    // starts there

    // guarded by this: the live queue, and what the queues of earlier incarnations counted
    private MeteredMailbox.Queue current;
    private long pastIn;
    private long pastOut;
    private long pastWait;
    private long pastMaxWait;

    /**
     * A message is being handled: counted before the behavior runs, so that whatever the message
     * causes (a reply, say) never sees a count without it. Called only by the actor.
     */
    public void handling() {
        handled++;
    }

    /**
     * The message being handled is done; it took from its dequeue until now. Called only by the
     * actor.
     */
    public void handled() {
        long nanos = System.nanoTime() - lastDequeuedAtNanos;
        processingNanos += nanos;
        if (nanos > maxProcessingNanos) {
            maxProcessingNanos = nanos;
        }
    }

    public long handledCount() {
        return handled;
    }

    synchronized void attach(MeteredMailbox.Queue queue) {
        current = queue;
    }

    /** The queue's incarnation is over: keep its totals, stop reading it. */
    synchronized void detach(MeteredMailbox.Queue queue) {
        pastIn += queue.in();
        pastOut += queue.out;
        pastWait += queue.waitNanos;
        pastMaxWait = Math.max(pastMaxWait, queue.maxWaitNanos);
        if (current == queue) {
            current = null;
        }
    }

    public synchronized Reading read() {
        MeteredMailbox.Queue q = current;
        if (q == null) {
            return new Reading(
                    0,
                    pastIn,
                    pastOut,
                    pastWait,
                    pastMaxWait,
                    handled,
                    processingNanos,
                    maxProcessingNanos);
        }
        long out = q.out; // read before in: depth is never negative
        long in = q.in();
        return new Reading(
                Math.max(0, in - out),
                pastIn + in,
                pastOut + out,
                pastWait + q.waitNanos,
                Math.max(pastMaxWait, q.maxWaitNanos),
                handled,
                processingNanos,
                maxProcessingNanos);
    }
}
