package honk.actors.shell;

import akka.actor.typed.Behavior;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;

import honk.actors.ProcessEvent;
import honk.actors.kernel.ErrorReport;
import honk.actors.kernel.LineSink;
import honk.actors.kernel.PromptGate;
import honk.supervision.KeptStash;
import honk.supervision.ServiceHandle;
import honk.supervision.Supervisor;
import honk.supervision.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The shell service: takes command lines from the console driver and runs them one at a time. While
 * a command is running, later lines wait in a stash; when it finishes, its output is printed and
 * the prompt gate opens. Nothing a user types can crash it: parse errors, unknown commands and
 * failing commands all become one-line errors. A command that fails with an exception no command
 * expects prints one line too ({@code CMD: why (details: log --verbose)}); its stack trace goes to
 * the kernel log as an {@link ErrorReport}. When a process the shell started ({@link Jobs}) crashes
 * or fails, the shell prints one line naming it and the cause: at once, or after the output of the
 * command running then (which may be the one that started it, and answers for it); the trace is in
 * the kernel log. A program that exits with a status of its own ({@link honk.actors.ProgramExit})
 * has said why itself: no line.
 */
public final class Shell {
    public sealed interface Command {}

    public record Line(String text) implements Command {}

    public record EndOfInput() implements Command {}

    /**
     * A command's end, from the incarnation that ran it: a shell restarted in place keeps its
     * mailbox, so the result of the command it crashed in may still arrive, and is not its own.
     * {@code error} is what the command failed with, or null.
     */
    private record Finished(Object incarnation, String command, String output, Throwable error)
            implements Command {}

    /** A process crashed or failed, from the event stream: reported if it is one of the jobs. */
    private record JobEvent(ProcessEvent event) implements Command {}

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
        return create(context, prompt, shuttingDown, restarted, ShellCommands.loaded());
    }

    /**
     * As {@link #create(ShellContext, PromptGate, BooleanSupplier, BooleanSupplier)}, running
     * {@code commands}.
     */
    static Behavior<Command> create(
            ShellContext context,
            PromptGate prompt,
            BooleanSupplier shuttingDown,
            BooleanSupplier restarted,
            ShellCommands commands) {
        // Lines waiting behind a command outlive a restart in place: the next incarnation runs
        // them first.
        return KeptStash.withStash(
                STASH,
                stash ->
                        Behaviors.setup(ctx -> {
                            // one adapter per actor: subscribing again after a restart adds nothing
                            var events = ctx.messageAdapter(ProcessEvent.class, JobEvent::new);
                            for (var type :
                                    List.of(
                                            ProcessEvent.Crashed.class,
                                            ProcessEvent.Failed.class)) {
                                ctx.getSystem()
                                        .eventStream()
                                        .tell(new EventStream.Subscribe<>(type, events.narrow()));
                            }
                            if (restarted.getAsBoolean()) {
                                context.console().println("shell: restarted by its supervisor");
                                prompt.open(); // a restarted shell: the reader is waiting for us
                            }
                            Behavior<Command> idle =
                                    new Shell(ctx, stash, context, prompt, shuttingDown, commands)
                                            .idle();
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
    private final ShellCommands commands;
    private final Object incarnation = new Object();
    // jobs' crashes heard while a command runs: reported once its output is printed
    private final List<JobEvent> heldJobEvents = new ArrayList<>();

    private Shell(
            ActorContext<Command> ctx,
            StashBuffer<Command> stash,
            ShellContext context,
            PromptGate prompt,
            BooleanSupplier shuttingDown,
            ShellCommands commands) {
        this.ctx = ctx;
        this.commands = commands;
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
                .onMessage(JobEvent.class, this::onJobEvent)
                .build();
    }

    private Behavior<Command> busy() {
        return Behaviors.receive(Command.class)
                .onMessage(Finished.class, this::onFinished)
                .onMessage(
                        JobEvent.class,
                        m -> { // after this command's output, not behind the lines waiting
                            heldJobEvents.add(m);
                            return Behaviors.same();
                        })
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
            return finish("", e.getMessage());
        }
        if (words.isEmpty()) {
            return finish("", "");
        }
        words = expandLastPid(words);
        if (words == null) {
            return finish("", "no process started yet: '$!' names the PID of the last 'run'");
        }
        String name = words.get(0);
        var cmd = commands.find(name);
        if (cmd.isEmpty()) {
            return finish("", "unknown command '" + name + "' (type 'help' for the list)");
        }
        CompletionStage<String> result;
        try {
            result = cmd.get().run(context, List.copyOf(words.subList(1, words.size())));
        } catch (RuntimeException e) {
            ctx.getSelf().tell(new Finished(incarnation, name, null, e));
            return busy();
        }
        ctx.pipeToSelf(result, (out, err) -> new Finished(incarnation, name, out, err));
        return busy();
    }

    private Behavior<Command> finish(String command, String output) {
        ctx.getSelf().tell(new Finished(incarnation, command, output, null));
        return busy();
    }

    private Behavior<Command> onFinished(Finished f) {
        if (f.incarnation() != incarnation) {
            return Behaviors
                    .same(); // the command a crashed incarnation ran: its output went with it
        }
        String output = render(f.command(), f.output(), f.error());
        if (!output.isEmpty()) {
            context.console().println(output);
        }
        if (f.error() != null && unexpected(f.error())) {
            ctx.getSystem()
                    .eventStream()
                    .tell(
                            new EventStream.Publish<>(
                                    new ErrorReport(
                                            "shell",
                                            "'"
                                                    + f.command()
                                                    + "' failed: "
                                                    + Supervisor.describe(unwrap(f.error())),
                                            Trace.of(unwrap(f.error())),
                                            System.currentTimeMillis())));
        }
        heldJobEvents.forEach(this::onJobEvent);
        heldJobEvents.clear();
        if (!shuttingDown.getAsBoolean()) {
            prompt.open(); // not after exit: no prompt once shutdown has begun
        }
        return stash.unstashAll(idle());
    }

    /** One line for a job that crashed or failed; other processes are not the console's. */
    private Behavior<Command> onJobEvent(JobEvent m) {
        String line =
                switch (m.event()) {
                    case ProcessEvent.Crashed c
                            when c.fault() && context.jobs().contains(c.pid()) ->
                            "pid "
                                    + c.pid()
                                    + " "
                                    + c.name()
                                    + " crashed: "
                                    + c.cause()
                                    + (Trace.hasFrames(c.trace())
                                            ? " (details: log --verbose)"
                                            : "");
                    case ProcessEvent.Failed f when context.jobs().contains(f.pid()) -> {
                        context.jobs().forget(f.pid());
                        yield "pid " + f.pid() + " " + f.name() + " failed: " + f.reason();
                    }
                    default -> null;
                };
        if (line != null) {
            context.console().println(line);
        }
        return Behaviors.same();
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
        long last = context.jobs().last();
        if (last == 0) {
            return null;
        }
        return words.stream().map(w -> w.equals("$!") ? Long.toString(last) : w).toList();
    }

    /**
     * What the console shows for a command's end: its output, or one line for its failure. A {@link
     * ShellException} is the command's own message; a timeout, a refused argument ({@link
     * IllegalArgumentException}) and anything else one line naming the command and the cause, the
     * last with a pointer to its trace in the kernel log.
     */
    static String render(String command, String output, Throwable error) {
        if (error == null) {
            return output == null ? "" : output;
        }
        Throwable t = unwrap(error);
        if (t instanceof ShellException) {
            return t.getMessage();
        }
        if (t instanceof TimeoutException) {
            return command + ": the kernel did not answer in time; try again";
        }
        if (t instanceof IllegalArgumentException) {
            return command + ": " + t.getMessage();
        }
        return command + ": " + cause(t) + " (details: log --verbose)";
    }

    /** Whether the failure is none a command expects: its trace goes to the kernel log. */
    static boolean unexpected(Throwable error) {
        Throwable t = unwrap(error);
        return !(t instanceof ShellException
                || t instanceof TimeoutException
                || t instanceof IllegalArgumentException);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The failure's message, or its class's name when it has none (a bare NullPointerException).
     */
    private static String cause(Throwable error) {
        Throwable t = unwrap(error);
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
