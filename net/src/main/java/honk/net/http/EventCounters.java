package honk.net.http;

import akka.actor.AllDeadLetters;
import akka.actor.DeadLetter;
import akka.actor.Dropped;
import akka.actor.SuppressedDeadLetter;
import akka.actor.UnhandledMessage;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what the event stream carries since boot: every message Akka could not deliver, by kind
 * ({@code dead}: the recipient was gone; {@code dropped}: a full mailbox or a stash refused it;
 * {@code unhandled}: the recipient's behaviour did not handle it; {@code suppressed}: a dead letter
 * Akka marks as expected, such as a stop that raced or a stream's internal signal, counted apart
 * and neither in the total nor kept), with the last {@link #KEPT} of the others (when, what kind,
 * from whom, to whom, what, and why when Akka says), and lifecycle events by kind. A system service
 * that starts with the kernel, so that the counts cover the whole boot; {@code /api/deadletters}
 * and {@code /metrics} ask it. Pure actor; cheap (one subscription per kind). The counts live in a
 * {@link Tally} made once per boot, so a restart (in place: what arrives meanwhile waits in its
 * mailbox) goes on counting from where the crash left them.
 */
public final class EventCounters {
    /** Dead letters kept for {@code /api/deadletters}; older ones are only counted. */
    public static final int KEPT = 100;

    /** A dead letter's message is shown up to this many characters. */
    private static final int MESSAGE_CHARS = 200;

    public sealed interface Command {}

    public record Get(ActorRef<Counts> replyTo) implements Command {}

    private record Seen(Object event, long atMillis) implements Command {}

    /**
     * Test-only: makes the service itself throw {@code why}, as a bug in it would
     * (package-private).
     */
    record Crash(String why) implements Command {}

    /**
     * The counts since boot; outlives the service's incarnations. Touched only by the service's
     * actor.
     */
    public static final class Tally {
        private long deadLetters;
        private final Map<String, Long> byKind = new TreeMap<>();
        private final ArrayDeque<DeadLetterInfo> recent = new ArrayDeque<>(KEPT);
        private final Map<String, Long> lifecycle = new TreeMap<>();

        public Tally() {
            for (String kind :
                    List.of("spawned", "crashed", "restarted", "stopped", "killed", "failed")) {
                lifecycle.put(kind, 0L);
            }
            KINDS.forEach(kind -> byKind.put(kind, 0L));
        }
    }

    /** The kinds of undelivered message, as counted and reported. */
    public static final List<String> KINDS = List.of("dead", "dropped", "unhandled", "suppressed");

    /**
     * One undelivered message; {@code sender} is empty when there was none, {@code reason} when
     * Akka gave none.
     */
    public record DeadLetterInfo(
            long atMillis,
            String kind,
            String sender,
            String recipient,
            String message,
            String reason) {}

    /**
     * @param deadLetters every undelivered message but the suppressed ones
     * @param byKind counts by kind ({@link #KINDS}), suppressed included
     * @param lifecycle counts by event kind (spawned, crashed, restarted, stopped, killed, failed)
     */
    public record Counts(
            long deadLetters,
            Map<String, Long> byKind,
            List<DeadLetterInfo> recent,
            Map<String, Long> lifecycle) {}

    public static Behavior<Command> create() {
        return create(new Tally());
    }

    /** The service counting into {@code tally}, which every incarnation shares. */
    public static Behavior<Command> create(Tally tally) {
        return Behaviors.setup(ctx -> {
            ActorRef<Object> adapter =
                    ctx.messageAdapter(Object.class, e -> new Seen(e, System.currentTimeMillis()));
            ctx.getSystem()
                    .eventStream()
                    .tell(new EventStream.Subscribe<>(AllDeadLetters.class, adapter.narrow()));
            ctx.getSystem()
                    .eventStream()
                    .tell(new EventStream.Subscribe<>(ProcessEvent.class, adapter.narrow()));
            String noSender = Adapter.toClassic(ctx.getSystem()).deadLetters().path().toString();
            return new EventCounters(noSender, tally).receive();
        });
    }

    // actor-confined
    private final String noSender;
    private final Tally t;

    private EventCounters(String noSender, Tally tally) {
        this.noSender = noSender;
        this.t = tally;
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class).onAnyMessage(this::onMessage).build();
    }

    private Behavior<Command> onMessage(Command msg) {
        switch (msg) {
            case Seen s when s.event() instanceof AllDeadLetters d -> onDeadLetter(d, s.atMillis());
            case Seen s when s.event() instanceof ProcessEvent e ->
                    t.lifecycle.merge(kind(e), 1L, Long::sum);
            case Seen s -> {
                // another type published under a subscribed class: nothing to count
            }
            case Get g ->
                    g.replyTo()
                            .tell(
                                    new Counts(
                                            t.deadLetters,
                                            Map.copyOf(t.byKind),
                                            List.copyOf(new ArrayList<>(t.recent).reversed()),
                                            Map.copyOf(t.lifecycle)));
            case Crash c -> throw new IllegalStateException(c.why());
        }
        return Behaviors.same();
    }

    private void onDeadLetter(AllDeadLetters d, long atMillis) {
        String kind =
                switch (d) {
                    case Dropped x -> "dropped";
                    case UnhandledMessage x -> "unhandled";
                    case SuppressedDeadLetter x -> "suppressed";
                    case DeadLetter x -> "dead";
                    default -> "dead";
                };
        t.byKind.merge(kind, 1L, Long::sum);
        if (d instanceof SuppressedDeadLetter) {
            return;
        }
        t.deadLetters++;
        if (t.recent.size() == KEPT) {
            t.recent.pollFirst();
        }
        String sender = d.sender() == null ? "" : d.sender().path().toString();
        t.recent.addLast(
                new DeadLetterInfo(
                        atMillis,
                        kind,
                        sender.equals(noSender) ? "" : sender,
                        d.recipient() == null ? "" : d.recipient().path().toString(),
                        clip(String.valueOf(d.message())),
                        d instanceof Dropped dropped ? clip(dropped.reason()) : ""));
    }

    private static String clip(String text) {
        return text.length() > MESSAGE_CHARS ? text.substring(0, MESSAGE_CHARS) + "..." : text;
    }

    static String kind(ProcessEvent e) {
        return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
