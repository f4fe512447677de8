package honk.actors.kernel;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The console driver. Its input reader (a blocking virtual thread, the stand-in for an IRQ) posts
 * each chunk it reads as an {@link Input} message; the driver assembles lines and hands them to a
 * {@link LineSink} (the shell). Every later IRQ → driver path has this shape.
 */
public final class ConsoleDriver {
    public sealed interface Command {}

    /** Bytes read from the console, as text; may hold part of a line or several lines. */
    public record Input(String chunk) implements Command {}

    /** The console's input has ended (a script finished). */
    public record EndOfInput() implements Command {}

    /** Bound on a line being assembled; past it the line is cut and the rest starts a new one. */
    static final int MAX_LINE = 64 * 1024;

    public static Behavior<Command> create(LineSink sink) {
        var partial =
                new StringBuilder(); // outlives a restart in place: a line half typed is not lost
        return Behaviors.setup(ctx -> new ConsoleDriver(sink, partial).receive());
    }

    private final LineSink sink;
    private final StringBuilder
            partial; // confined to the driver's actor, shared by its incarnations

    private ConsoleDriver(LineSink sink, StringBuilder partial) {
        this.sink = sink;
        this.partial = partial;
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class)
                .onMessage(Input.class, this::onInput)
                .onMessage(EndOfInput.class, m -> onEnd())
                .build();
    }

    private Behavior<Command> onInput(Input in) {
        for (int i = 0; i < in.chunk().length(); i++) {
            char c = in.chunk().charAt(i);
            if (c == '\n' || partial.length() >= MAX_LINE) {
                sink.line(stripCr(partial.toString()));
                partial.setLength(0);
                if (c == '\n') {
                    continue;
                }
            }
            partial.append(c);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onEnd() {
        if (!partial.isEmpty()) {
            sink.line(stripCr(partial.toString()));
            partial.setLength(0);
        }
        sink.endOfInput();
        return Behaviors.same();
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
