package honk.supervision;

import akka.actor.typed.ActorRef;

import java.util.ArrayDeque;

/**
 * A stable address for a supervised service whose {@link ActorRef} changes on every restart. While
 * the service is down, messages are held (up to {@link #CAPACITY}) and delivered to the next
 * incarnation, so input that arrives during a restart is not lost. Thread-safe: told from any
 * thread (an IRQ reader, other actors); pointed by the supervisor.
 */
public final class ServiceHandle<T> {
    /** Bound on messages held while the service restarts; past it the oldest are dropped. */
    public static final int CAPACITY = 4096;

    private final String name;
    private ActorRef<T> current; // guarded by this
    private final ArrayDeque<T> held = new ArrayDeque<>(); // guarded by this
    private long dropped; // guarded by this
    private String failure; // guarded by this; non-null once the service was given up on

    public ServiceHandle(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized void tell(T message) {
        if (failure != null) {
            dropped++; // nobody will take it: the callers ask failure() first and say why
            return;
        }
        if (current != null) {
            current.tell(message);
            return;
        }
        if (held.size() == CAPACITY) {
            held.pollFirst();
            dropped++;
        }
        held.addLast(message);
    }

    /** Points the handle at a new incarnation and delivers what was held meanwhile. */
    public synchronized void set(ActorRef<T> ref) {
        current = ref;
        failure = null;
        while (!held.isEmpty()) {
            ref.tell(held.pollFirst());
        }
    }

    /** The service is down: hold messages until {@link #set} names the next incarnation. */
    public synchronized void suspend() {
        current = null;
    }

    /**
     * The service was given up on (it exceeded its restart intensity): what was held is dropped,
     * and so is what is told from now on, until a new incarnation is {@link #set}.
     */
    public synchronized void fail(String reason) {
        current = null;
        failure = reason;
        dropped += held.size();
        held.clear();
    }

    /** Why the service was given up on, or empty while it runs or restarts. */
    public synchronized java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** The current incarnation, or null while the service is down. */
    public synchronized ActorRef<T> current() {
        return current;
    }

    public synchronized boolean isUp() {
        return current != null;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
