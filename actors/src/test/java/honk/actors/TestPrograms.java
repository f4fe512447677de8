package honk.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.util.function.Function;

/**
 * Programs for the process-table tests; each test names its own so that events can be told apart.
 */
final class TestPrograms {
    private TestPrograms() {}

    /** What a {@link #reporting} process tells its observer. */
    sealed interface Report {}

    record Started(long pid, ActorRef<ProcessMessage> self) implements Report {}

    record Got(long pid, String text) implements Report {}

    /** A program defined by a function, for one-off behaviours. */
    record Simple(String name, Function<ProcessContext, Behavior<ProcessMessage>> body)
            implements Program {
        public String summary() {
            return "test program " + name;
        }

        public Behavior<ProcessMessage> create(ProcessContext ctx) {
            return body.apply(ctx);
        }
    }

    /**
     * Reports each start; on text {@code crash} throws, on {@code stop} exits normally, and answers
     * any other text with {@link Got}.
     */
    static Program reporting(String name, ActorRef<Report> observer) {
        return new Simple(
                name,
                ctx -> {
                    observer.tell(new Started(ctx.pid(), ctx.actor().getSelf()));
                    return Behaviors.receive(ProcessMessage.class)
                            .onMessage(
                                    Text.class,
                                    t ->
                                            switch (t.text()) {
                                                case "crash" ->
                                                        throw new IllegalStateException(
                                                                "crash requested");
                                                case "stop" -> Behaviors.stopped();
                                                default -> {
                                                    observer.tell(new Got(ctx.pid(), t.text()));
                                                    yield Behaviors.same();
                                                }
                                            })
                            .build();
                });
    }

    /** Throws while it starts, on every incarnation. */
    static Program failingAtStart(String name) {
        return new Simple(
                name,
                ctx -> {
                    throw new IllegalStateException(name + " cannot start");
                });
    }

    /** Exits normally as soon as it has started. */
    static Program quick(String name) {
        return new Simple(name, ctx -> Behaviors.stopped());
    }

    /** Asks for the console handle at start, as a program that prints would. */
    static Program needsConsole(String name) {
        return new Simple(
                name,
                ctx -> {
                    ctx.capability(ConsoleCapability.class).println(name + " has the console");
                    return Behaviors.ignore();
                });
    }
}
