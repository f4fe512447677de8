package honk.actors.shell;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;

import honk.actors.kernel.LineSink;
import honk.actors.kernel.PromptGate;
import honk.supervision.KeptStash;
import honk.supervision.ServiceHandle;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The shell service: takes command lines from the console driver and runs them one at a time. While
 * a command is running, later lines wait in a stash; when it finishes, its output is printed and
 * the prompt gate opens. Nothing a user types can crash it: parse errors, unknown commands and
 * failing commands all become one-line errors.
 */
public final class Shell {
    public sealed interface Command {}

    public record Line(String text) implements Command {}

    public record EndOfInput() implements Command {}

    /**
     * A command's end, from the incarnation that ran it: a shell restarted in place keeps its
     * mailbox, so the result of the command it crashed in may still arrive, and is not its own.
     */
    private record Finished(Object incarnation, String output) implements Command {}

    /** Lines held while a command runs; more is a runaway script. */
    static final int STASH = 10_000;

    /**
     * @param context what the commands reach
     * @param prompt opened after each command, so that the console reader shows the next prompt
     * @param shuttingDown whether a shutdown has begun (then no prompt comes back)
     * @param restarted asked once per incarnation as it starts: whether a shell ran before this one
     */
    public static Behavior<Command> create(
            ShellContext context,
            PromptGate prompt,
            BooleanSupplier shuttingDown,
            BooleanSupplier restarted) {
        // Lines waiting behind a command outlive a restart in place: the next incarnation runs
        // them first.
        return KeptStash.withStash(
                STASH,
                stash ->
                        Behaviors.setup(ctx -> {
                            if (restarted.getAsBoolean()) {
                                context.console().println("shell: restarted by its supervisor");
                                prompt.open(); // a restarted shell: the reader is waiting for us
                            }
                            Behavior<Command> idle =
                                    new Shell(ctx, stash, context, prompt, shuttingDown).idle();
                            return stash.isEmpty() ? idle : stash.unstashAll(idle);
                        }));
    }

    /**
     * The console driver's port onto the shell at {@code shell}: each line and the end of input, as
     * messages.
     */
    public static LineSink input(ServiceHandle<Command> shell) {
        return new LineSink() {
            @Override
            public void line(String text) {
                shell.tell(new Line(text));
            }

            @Override
            public void endOfInput() {
                shell.tell(new EndOfInput());
            }
        };
    }

    // actor-confined
    private final ActorContext<Command> ctx;
    private final StashBuffer<Command> stash;
    private final ShellContext context;
    private final PromptGate prompt;
    private final BooleanSupplier shuttingDown;
    private final ShellCommands commands = ShellCommands.loaded();
    private final Object incarnation = new Object();

    private Shell(
            ActorContext<Command> ctx,
            StashBuffer<Command> stash,
            ShellContext context,
            PromptGate prompt,
            BooleanSupplier shuttingDown) {
        this.ctx = ctx;
        this.stash = stash;
        this.context = context;
        this.prompt = prompt;
        this.shuttingDown = shuttingDown;
    }

    private Behavior<Command> idle() {
        return Behaviors.receive(Command.class)
                .onMessage(Line.class, this::onLine)
                .onMessage(EndOfInput.class, m -> onEndOfInput())
                .onMessage(Finished.class, this::onFinished)
                .build();
    }

    private Behavior<Command> busy() {
        return Behaviors.receive(Command.class)
                .onMessage(Finished.class, this::onFinished)
                .onAnyMessage(m -> {
                    if (!stash.isFull()) {
                        stash.stash(m);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onLine(Line line) {
        List<String> words;
        try {
            words = CommandLine.split(line.text());
        } catch (ShellException e) {
            return finish(e.getMessage());
        }
        if (words.isEmpty()) {
            return finish("");
        }
        words = expandLastPid(words);
        if (words == null) {
            return finish("no process started yet: '$!' names the PID of the last 'run'");
        }
        String name = words.get(0);
        var cmd = commands.find(name);
        if (cmd.isEmpty()) {
            return finish("unknown command '" + name + "' (type 'help' for the list)");
        }
        CompletionStage<String> result;
        try {
            result = cmd.get().run(context, List.copyOf(words.subList(1, words.size())));
        } catch (RuntimeException e) {
            return finish(render(name, null, e));
        }
        ctx.pipeToSelf(result, (out, err) -> new Finished(incarnation, render(name, out, err)));
        return busy();
    }

    private Behavior<Command> finish(String output) {
        ctx.getSelf().tell(new Finished(incarnation, output));
        return busy();
    }

    private Behavior<Command> onFinished(Finished f) {
        if (f.incarnation() != incarnation) {
            return Behaviors
                    .same(); // the command a crashed incarnation ran: its output went with it
        }
        if (!f.output().isEmpty()) {
            context.console().println(f.output());
        }
        if (!shuttingDown.getAsBoolean()) {
            prompt.open(); // not after exit: no prompt once shutdown has begun
        }
        return stash.unstashAll(idle());
    }

    private Behavior<Command> onEndOfInput() {
        context.console().println("honk: end of console input; shutting down");
        context.shutdown().accept(0);
        return Behaviors.same();
    }

    /**
     * Replaces the word {@code $!} with the PID of the last {@code run}; null when there was none.
     */
    private List<String> expandLastPid(List<String> words) {
        if (!words.contains("$!")) {
            return words;
        }
        long last = context.lastStarted().get();
        if (last == 0) {
            return null;
        }
        return words.stream().map(w -> w.equals("$!") ? Long.toString(last) : w).toList();
    }

    static String render(String command, String output, Throwable error) {
        if (error == null) {
            return output == null ? "" : output;
        }
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ShellException) {
            return t.getMessage();
        }
        if (t instanceof TimeoutException) {
            return command + ": the kernel did not answer in time; try again";
        }
        if (t instanceof IllegalArgumentException) {
            return command + ": " + t.getMessage();
        }
        return command
                + ": internal error: "
                + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage())
                + " (the shell keeps running)";
    }
}
