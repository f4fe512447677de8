package honk.actors.kernel;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Behaviors;
import honk.actors.ProcessEvent;
import honk.supervision.SupervisorReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log: subscribes to lifecycle events and supervisor reports on the event stream and
 * keeps the last {@link #CAPACITY} as numbered lines. Events are stored as they come and formatted
 * only when read. The routine life of ephemeral workers (spawned, stopped normally) is left out,
 * so that {@code stress} does not flush the log; their crashes are kept.
 */
public final class KernelLog {
    /** Lines kept; older ones are overwritten. */
    public static final int CAPACITY = 4096;

    public sealed interface Command {}

    public record Recent(int count, ActorRef<List<LogEntry>> replyTo) implements Command {}

    public record Since(long afterId, ActorRef<List<LogEntry>> replyTo) implements Command {}

    private record Event(Object event, long atMillis) implements Command {}

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> {
            var adapter = ctx.messageAdapter(Object.class, e -> new Event(e, System.currentTimeMillis()));
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(ProcessEvent.class, adapter.narrow()));
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(SupervisorReport.class, adapter.narrow()));
            return new KernelLog().receive();
        });
    }

    // actor-confined
    private final Object[] ring = new Object[CAPACITY];
    private final long[] times = new long[CAPACITY];
    private long next = 1; // id of the next entry

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class).onAnyMessage(this::onMessage).build();
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
                next++;
            }
            case Recent r -> r.replyTo().tell(range(Math.max(oldest(), next - Math.max(0, r.count()))));
            case Since s -> s.replyTo().tell(range(Math.max(oldest(), s.afterId() + 1)));
        }
        return Behaviors.same();
    }

    private static boolean routine(Object event) {
        return event instanceof ProcessEvent.Spawned s && s.ephemeral()
                || event instanceof ProcessEvent.Stopped s2 && s2.ephemeral();
    }

    private long oldest() {
        return Math.max(1, next - CAPACITY);
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
