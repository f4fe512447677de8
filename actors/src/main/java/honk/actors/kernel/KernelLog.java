package honk.actors.kernel;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import honk.actors.ProcessEvent;
import honk.supervision.SupervisorReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel log: subscribes to lifecycle events and supervisor reports on the event stream and
 * keeps the last {@link #CAPACITY} as numbered lines. Events are stored as they come and formatted
 * only when read. The routine life of ephemeral workers (spawned, stopped normally) is left out,
 * so that {@code stress} does not flush the log; their crashes are kept. Followers (the HTTP event
 * stream) get the entries after an id, then each new one as it is logged; when the log stops (a
 * restart forgets the entries and the followers), they hear {@link Closed}. Ids are never reused:
 * a restarted log goes on numbering where the last incarnation stopped, so an id a client holds
 * (to resume an event stream) never names a different entry.
 */
public final class KernelLog {
    /** Lines kept; older ones are overwritten. */
    public static final int CAPACITY = 4096;

    public sealed interface Command {}

    public record Recent(int count, ActorRef<List<LogEntry>> replyTo) implements Command {}

    public record Since(long afterId, ActorRef<List<LogEntry>> replyTo) implements Command {}

    /**
     * Sends {@code follower} every entry after {@code afterId} still kept (none if negative), then
     * each new entry, in id order, until the follower stops.
     */
    public record Follow(long afterId, ActorRef<Update> follower) implements Command {}

    private record Unfollow(ActorRef<Update> follower) implements Command {}

    private record Event(Object event, long atMillis) implements Command {}

    /** What a follower hears: entries ({@link LoggedEvent}), then {@link Closed} if the log stops. */
    public sealed interface Update permits LoggedEvent, Closed {}

    /** The log stopped (it is restarting): the entries so far are gone; ids go on from where they were. */
    public record Closed() implements Update {}

    public static Behavior<Command> create() {
        var ids = new AtomicLong(1); // outlives each incarnation: the supervisor re-runs only the setup below
        return Behaviors.setup(ctx -> {
            var adapter = ctx.messageAdapter(Object.class, e -> new Event(e, System.currentTimeMillis()));
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(ProcessEvent.class, adapter.narrow()));
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(SupervisorReport.class, adapter.narrow()));
            return new KernelLog(ctx, ids).receive();
        });
    }

    // actor-confined
    private final ActorContext<Command> ctx;
    private final Object[] ring = new Object[CAPACITY];
    private final long[] times = new long[CAPACITY];
    private final AtomicLong ids; // the next id, shared with the incarnations to come
    private final long first; // this incarnation's first id
    private long next; // id of the next entry
    private final List<ActorRef<Update>> followers = new ArrayList<>();

    private KernelLog(ActorContext<Command> ctx, AtomicLong ids) {
        this.ctx = ctx;
        this.ids = ids;
        this.first = ids.get();
        this.next = first;
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class)
                .onAnyMessage(this::onMessage)
                .onSignal(PostStop.class, stop -> {
                    followers.forEach(f -> f.tell(new Closed()));
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onMessage(Command msg) {
        switch (msg) {
            case Event e when routine(e.event()) -> {
                // a stress worker's or probe's normal life: counted on the event stream, not logged
            }
            case Event e -> {
                int slot = (int) (next % CAPACITY);
                ring[slot] = e.event();
                times[slot] = e.atMillis();
                if (!followers.isEmpty()) {
                    var logged = entry(next);
                    followers.forEach(f -> f.tell(logged));
                }
                ids.set(++next);
            }
            case Recent r -> r.replyTo().tell(range(Math.max(oldest(), next - Math.max(0, r.count()))));
            case Since s -> s.replyTo().tell(range(Math.max(oldest(), s.afterId() + 1)));
            case Follow f -> onFollow(f);
            case Unfollow u -> followers.remove(u.follower());
        }
        return Behaviors.same();
    }

    private void onFollow(Follow f) {
        if (f.afterId() >= 0) {
            for (long id = Math.max(oldest(), f.afterId() + 1); id < next; id++) {
                f.follower().tell(entry(id));
            }
        }
        followers.add(f.follower());
        ctx.watchWith(f.follower(), new Unfollow(f.follower()));
    }

    private LoggedEvent entry(long id) {
        int slot = (int) (id % CAPACITY);
        return new LoggedEvent(id, times[slot], ring[slot], format(ring[slot]));
    }

    private static boolean routine(Object event) {
        return event instanceof ProcessEvent.Spawned s && s.ephemeral()
                || event instanceof ProcessEvent.Stopped s2 && s2.ephemeral();
    }

    private long oldest() {
        return Math.max(first, next - CAPACITY);
    }

    private List<LogEntry> range(long from) {
        var out = new ArrayList<LogEntry>((int) Math.max(0, next - from));
        for (long id = from; id < next; id++) {
            int slot = (int) (id % CAPACITY);
            out.add(new LogEntry(id, times[slot], format(ring[slot])));
        }
        return out;
    }

    static String format(Object event) {
        return switch (event) {
            case ProcessEvent p -> "pid " + p.pid() + " " + p.name() + " " + p.describe();
            case SupervisorReport r ->
                    "supervisor " + r.supervisor() + ": " + r.offender() + " " + r.context() + " (" + r.reason() + ")";
            default -> String.valueOf(event);
        };
    }
}
