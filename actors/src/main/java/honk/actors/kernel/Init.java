package honk.actors.kernel;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.MeteredMailbox;
import honk.actors.ProcessShard;
import honk.actors.ProcessTable;
import honk.actors.ProgramRegistry;
import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.Intensity;
import honk.supervision.Strategy;
import honk.supervision.Supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The kernel's guardian (PID 1 of the actor world). Brings up {@code procs} (the process-table
 * shards) and {@code system} (the supervised services: kernel log, console driver, then the
 * services of the list the board gives it, in that order, the shell first), then hands the {@link
 * Kernel} to the board. If {@code system} gives up, or a panic is requested, the guardian fails:
 * the actor system stops and the board powers off with a failure.
 */
public final class Init {
    public sealed interface Command {}

    /** Crash the guardian on purpose (the shell's {@code panic}). */
    public record Panic(String reason) implements Command {}

    private record ShardsUp(List<ActorRef<ProcessShard.Command>> shards) implements Command {}

    /**
     * Backoff for system services: quick, since the shell and the console must come back at once.
     */
    public static final Backoff SERVICE_BACKOFF =
            new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1), 0.2);

    /** The system subtree may restart its services this often before the kernel panics. */
    public static final Intensity SERVICE_INTENSITY = Intensity.of(10, Duration.ofSeconds(10));

    /**
     * The guardian of a kernel on {@code board}: the process table, then {@code system} with the
     * kernel log, the console driver and the children of {@code services}, in that order. The list
     * is checked against what the board put in {@code registry} before anything starts; one of its
     * services provides the {@link LineSink} the console driver delivers lines to (the shell).
     *
     * @param services the service providers, in start order (the composition root's list)
     * @param onPanic told the cause when the guardian fails (before the system stops)
     * @throws WiringException if the list cannot work in this order: the boot is refused
     */
    public static Behavior<Command> create(
            BoardPort board,
            ConsolePort console,
            ProgramRegistry programs,
            Registry registry,
            List<ServiceProvider> services,
            CompletableFuture<Kernel> ready,
            Consumer<Throwable> onPanic) {
        Wiring wiring = Wiring.check(registry, services);
        if (!wiring.provided(LineSink.class)) {
            throw new WiringException(
                    "the console driver needs LineSink (where typed lines go: the shell),"
                            + " which neither the board nor any service in the list provides");
        }
        long bootMillis = System.currentTimeMillis();
        long bootNanos = System.nanoTime();
        return Behaviors.setup(ctx -> {
            ActorRef<ShardsUp> replyTo = ctx.getSelf().narrow();
            ctx.spawn(procs(board.harts(), replyTo), "procs");
            return Behaviors.receive(Command.class)
                    .onMessage(
                            ShardsUp.class,
                            up -> {
                                var table =
                                        new ProcessTable(up.shards(), ctx.getSystem().scheduler());
                                var kernel =
                                        new Kernel(
                                                ctx.getSystem(),
                                                board,
                                                console,
                                                table,
                                                programs,
                                                registry,
                                                bootMillis,
                                                bootNanos);
                                Behavior<Supervisor.Command> system;
                                try {
                                    system = services(kernel, registry, wiring);
                                } catch (
                                        RuntimeException
                                                e) { // a service broke the wiring as it started: no
                                    // kernel
                                    ready.completeExceptionally(e);
                                    throw e;
                                }
                                kernel.services(ctx.spawn(system, "system"));
                                ctx.watch(kernel.services());
                                ctx.getSystem()
                                        .getWhenTerminated()
                                        .thenRun(() ->
                                                kernel.halted()
                                                        .complete(
                                                                kernel.requestedExitStatus() == null
                                                                        ? 1
                                                                        : kernel
                                                                                .requestedExitStatus()));
                                ready.complete(kernel);
                                return running(ctx, onPanic);
                            })
                    .build();
        });
    }

    private static Behavior<Command> running(
            ActorContext<Command> ctx, Consumer<Throwable> onPanic) {
        return Behaviors.receive(Command.class)
                .onMessage(
                        Panic.class,
                        p -> {
                            var panic =
                                    new KernelPanicException(
                                            "panic requested: " + p.reason(), null);
                            onPanic.accept(panic);
                            throw panic;
                        })
                .onSignal(
                        Terminated.class,
                        t -> {
                            Throwable cause = t instanceof ChildFailed f ? f.getCause() : null;
                            var panic =
                                    new KernelPanicException(
                                            "system services stopped"
                                                    + (cause == null
                                                            ? ""
                                                            : ": " + cause.getMessage()),
                                            cause);
                            onPanic.accept(panic);
                            throw panic;
                        })
                .build();
    }

    private static Behavior<Void> procs(int shards, ActorRef<ShardsUp> replyTo) {
        return Behaviors.setup(ctx -> {
            var refs = new ArrayList<ActorRef<ProcessShard.Command>>();
            for (int i = 0; i < Math.max(1, shards); i++) {
                refs.add(
                        ctx.spawn(ProcessShard.create(i), "shard-" + i, MeteredMailbox.selector()));
            }
            replyTo.tell(new ShardsUp(List.copyOf(refs)));
            return Behaviors.empty();
        });
    }

    private static Behavior<Supervisor.Command> services(
            Kernel kernel, Registry registry, Wiring wiring) {
        List<ChildSpec<?>> listed =
                wiring.start(kernel); // first: the console driver takes the LineSink one provides
        LineSink input =
                registry.get(LineSink.class)
                        .orElseThrow(() ->
                                new WiringException(
                                        "the console driver needs LineSink, which a service"
                                                + " declares but did not provide"));
        var children =
                new java.util.ArrayList<ChildSpec<?>>(
                        List.of(
                                // in place: events published while it restarts wait in its mailbox
                                // instead of being lost
                                ChildSpec.worker("log", KernelLog.create())
                                        .restartedInPlace()
                                        .backoff(SERVICE_BACKOFF)
                                        .handle(kernel.log()),
                                ChildSpec.worker("console", ConsoleDriver.create(input))
                                        .restartedInPlace()
                                        .backoff(SERVICE_BACKOFF)
                                        .handle(kernel.consoleDriver())));
        children.addAll(listed);
        children.replaceAll(Init::metered);
        return Supervisor.create("system", Strategy.ONE_FOR_ONE, SERVICE_INTENSITY, children);
    }

    /**
     * Gives a service the metered mailbox (its depth shows in the tree) unless its props name a
     * mailbox.
     */
    private static <T> ChildSpec<T> metered(ChildSpec<T> spec) {
        for (Props p = spec.props(); !p.equals(Props.empty()); p = p.next()) {
            if (p instanceof MailboxSelector) {
                return spec;
            }
        }
        return spec.props(append(spec.props(), MeteredMailbox.selector()));
    }

    private static Props append(Props chain, Props last) {
        return chain.equals(Props.empty()) ? last : chain.withNext(append(chain.next(), last));
    }
}
