package honk.actors.kernel;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessEvent;
import honk.supervision.SupervisorReport;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log: subscribes to lifecycle events and supervisor reports on the event stream and
 * keeps the last {@link #CAPACITY} as numbered lines; {@link ErrorReport}s too, the failures other
 * code caught. Events are stored as they come and formatted only when read; a crash's stack trace
 * is kept with its entry ({@link LogEntry#trace}) and shown only when asked for ({@code log
 * --verbose}). The routine life of ephemeral workers (spawned, stopped normally) is left out, so
 * that {@code stress} does not flush the log; their crashes are kept. Followers (the HTTP event
 * stream) get the entries after an id, then each new one as it is logged; when the log stops or
 * restarts (a restart forgets the followers), they hear {@link Closed} and may follow again from
 * the last id they saw. The entries and their numbering live in a {@link Book} that outlives the
 * log's incarnations: a restarted log keeps what it had and goes on numbering where it stopped, so
 * an id a client holds (to resume an event stream) never names a different entry, and the report of
 * the log's own crash is in it.
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

    /**
     * What a follower hears: entries ({@link LoggedEvent}), then {@link Closed} if the log stops.
     */
    public sealed interface Update permits LoggedEvent, Closed {}

    /**
     * The log stopped or restarted: follow again after the last id seen; ids go on from where they
     * were.
     */
    public record Closed() implements Update {}

    /**
     * The entries and the next id, shared by the log's incarnations (the supervisor re-runs only
     * the setup, so a new incarnation finds the book as the last one left it). Touched by one
     * incarnation at a time, on the log's own actor.
     */
    private static final class Book {
        final Object[] ring = new Object[CAPACITY];
        final long[] times = new long[CAPACITY];
        long next = 1; // id of the next entry
    }

    public static Behavior<Command> create() {
        var book = new Book();
        return Behaviors.setup(ctx -> {
            var adapter =
                    ctx.messageAdapter(Object.class, e -> new Event(e, System.currentTimeMillis()));
            ctx.getSystem()
                    .eventStream()
                    .tell(new EventStream.Subscribe<>(ProcessEvent.class, adapter.narrow()));
            ctx.getSystem()
                    .eventStream()
                    .tell(new EventStream.Subscribe<>(SupervisorReport.class, adapter.narrow()));
            ctx.getSystem()
                    .eventStream()
                    .tell(new EventStream.Subscribe<>(ErrorReport.class, adapter.narrow()));
            return new KernelLog(ctx, book).receive();
        });
    }

    // actor-confined
    private final ActorContext<Command> ctx;
    private final Book book;
    private final List<ActorRef<Update>> followers = new ArrayList<>();

    private KernelLog(ActorContext<Command> ctx, Book book) {
        this.ctx = ctx;
        this.book = book;
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class)
                .onAnyMessage(this::onMessage)
                .onSignal(PostStop.class, stop -> closeFollowers())
                .onSignal(PreRestart.class, restart -> closeFollowers())
                .build();
    }

    private Behavior<Command> closeFollowers() {
        followers.forEach(f -> f.tell(new Closed()));
        return Behaviors.same();
    }

    private Behavior<Command> onMessage(Command msg) {
        switch (msg) {
            case Event e when routine(e.event()) -> {
                // a stress worker's or probe's normal life: counted on the event stream, not logged
            }
            case Event e -> {
                int slot = (int) (book.next % CAPACITY);
                book.ring[slot] = e.event();
                book.times[slot] = e.atMillis();
                if (!followers.isEmpty()) {
                    var logged = entry(book.next);
                    followers.forEach(f -> f.tell(logged));
                }
                book.next++;
            }
            case Recent r ->
                    r.replyTo().tell(range(Math.max(oldest(), book.next - Math.max(0, r.count()))));
            case Since s -> s.replyTo().tell(range(Math.max(oldest(), s.afterId() + 1)));
            case Follow f -> onFollow(f);
            case Unfollow u -> followers.remove(u.follower());
        }
        return Behaviors.same();
    }

    private void onFollow(Follow f) {
        if (f.afterId() >= 0) {
            for (long id = Math.max(oldest(), f.afterId() + 1); id < book.next; id++) {
                f.follower().tell(entry(id));
            }
        }
        followers.add(f.follower());
        ctx.watchWith(f.follower(), new Unfollow(f.follower()));
    }

    private LoggedEvent entry(long id) {
        int slot = (int) (id % CAPACITY);
        return new LoggedEvent(id, book.times[slot], book.ring[slot], format(book.ring[slot]));
    }

    private static boolean routine(Object event) {
        return event instanceof ProcessEvent.Spawned s && s.ephemeral()
                || event instanceof ProcessEvent.Stopped s2 && s2.ephemeral();
    }

    private long oldest() {
        return Math.max(1, book.next - CAPACITY);
    }

    private List<LogEntry> range(long from) {
        var out = new ArrayList<LogEntry>((int) Math.max(0, book.next - from));
        for (long id = from; id < book.next; id++) {
            int slot = (int) (id % CAPACITY);
            Object event = book.ring[slot];
            out.add(new LogEntry(id, book.times[slot], format(event), trace(event)));
        }
        return out;
    }

    static String format(Object event) {
        return switch (event) {
            case ProcessEvent p -> "pid " + p.pid() + " " + p.name() + " " + p.describe();
            case SupervisorReport r ->
                    "supervisor "
                            + r.supervisor()
                            + ": "
                            + r.offender()
                            + " "
                            + r.context()
                            + " ("
                            + r.reason()
                            + ")";
            case ErrorReport e -> e.source() + ": " + e.text();
            default -> String.valueOf(event);
        };
    }

    /** The stack trace an event carries ({@code log --verbose}), or "". */
    static String trace(Object event) {
        return switch (event) {
            case ProcessEvent.Crashed c -> c.trace();
            case SupervisorReport r -> r.trace();
            case ErrorReport e -> e.trace();
            default -> "";
        };
    }
}
