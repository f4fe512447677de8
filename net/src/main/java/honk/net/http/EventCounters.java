package honk.net.http;

import akka.actor.DeadLetter;
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
 * Counts what the event stream carries since boot: Akka's dead letters (with the last {@link #KEPT}
 * of them: when, from whom, to whom, what) and lifecycle events by kind. A system service that
 * starts with the kernel, so that the counts cover the whole boot; {@code /api/deadletters} and
 * {@code /metrics} ask it. Pure actor; cheap (one subscription per kind).
 */
public final class EventCounters {
    /** Dead letters kept for {@code /api/deadletters}; older ones are only counted. */
    public static final int KEPT = 100;

    /** A dead letter's message is shown up to this many characters. */
    private static final int MESSAGE_CHARS = 200;

    public sealed interface Command {}

    public record Get(ActorRef<Counts> replyTo) implements Command {}

    private record Seen(Object event, long atMillis) implements Command {}

    /** One dead letter; {@code sender} is empty when there was none. */
    public record DeadLetterInfo(long atMillis, String sender, String recipient, String message) {}

    /** @param lifecycle counts by event kind (spawned, crashed, restarted, stopped, killed, failed) */
    public record Counts(long deadLetters, List<DeadLetterInfo> recent, Map<String, Long> lifecycle) {}

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> {
            ActorRef<Object> adapter = ctx.messageAdapter(Object.class, e -> new Seen(e, System.currentTimeMillis()));
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, adapter.narrow()));
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(ProcessEvent.class, adapter.narrow()));
            String noSender = Adapter.toClassic(ctx.getSystem()).deadLetters().path().toString();
            return new EventCounters(noSender).receive();
        });
    }

    // actor-confined
    private final String noSender;
    private long deadLetters;
    private final ArrayDeque<DeadLetterInfo> recent = new ArrayDeque<>(KEPT);
    private final Map<String, Long> lifecycle = new TreeMap<>();

    private EventCounters(String noSender) {
        this.noSender = noSender;
        for (String kind : List.of("spawned", "crashed", "restarted", "stopped", "killed", "failed")) {
            lifecycle.put(kind, 0L);
        }
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class).onAnyMessage(this::onMessage).build();
    }

    private Behavior<Command> onMessage(Command msg) {
        switch (msg) {
            case Seen s when s.event() instanceof DeadLetter d -> onDeadLetter(d, s.atMillis());
            case Seen s when s.event() instanceof ProcessEvent e -> lifecycle.merge(kind(e), 1L, Long::sum);
            case Seen s -> {
                // another type published under a subscribed class: nothing to count
            }
            case Get g -> g.replyTo().tell(new Counts(deadLetters, List.copyOf(new ArrayList<>(recent).reversed()),
                    Map.copyOf(lifecycle)));
        }
        return Behaviors.same();
    }

    private void onDeadLetter(DeadLetter d, long atMillis) {
        deadLetters++;
        if (recent.size() == KEPT) {
            recent.pollFirst();
        }
        String sender = d.sender() == null ? "" : d.sender().path().toString();
        String message = String.valueOf(d.message());
        if (message.length() > MESSAGE_CHARS) {
            message = message.substring(0, MESSAGE_CHARS) + "...";
        }
        recent.addLast(new DeadLetterInfo(atMillis, sender.equals(noSender) ? "" : sender,
                d.recipient() == null ? "" : d.recipient().path().toString(), message));
    }

    static String kind(ProcessEvent e) {
        return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
