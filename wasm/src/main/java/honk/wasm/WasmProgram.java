package honk.wasm;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.Capabilities;
import honk.actors.ConsoleCapability;
import honk.actors.ProcessContext;
import honk.actors.ProcessKind;
import honk.actors.ProcessMessage;
import honk.actors.Program;
import honk.actors.Text;
import honk.storage.fs.FilesCapability;
import honk.wasm.wasi.Grants;
import honk.wasm.wasi.Stdin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A WebAssembly module as a honk process (kind {@code wasm}). Each incarnation instantiates the
 * cached module afresh on a thread of its own ({@link ModuleRun}); the process actor owns that run:
 * {@code send} text becomes stdin, the module's end becomes the process's exit (code 0 stops it,
 * any other code, a trap or a runtime failure crashes it with that reason, so restart policies
 * apply), a kill or a crash interrupts the module's thread, and a spent wall-clock budget crashes
 * it. What the module reaches through WASI is exactly the process's capabilities.
 */
public final class WasmProgram implements Program {
    /**
     * What {@code wasm} grants when {@code --caps} is not given: the console it was started from
     * and the arguments typed.
     */
    public static final Set<String> DEFAULT_CAPS =
            Set.of(ConsoleCapability.NAME, WasmCapability.ARGS);

    /** How long a stopping process waits for its module's thread before it lets go of it. */
    static final Duration STOP_WAIT = Duration.ofSeconds(1);

    /**
     * Per-process settings.
     *
     * @param maxPages the most 64 KiB pages of linear memory
     * @param budget wall-clock time allowed per incarnation, or null for none
     */
    public record Limits(int maxPages, Duration budget, Map<String, String> env) {
        public Limits {
            env = Map.copyOf(env);
        }
    }

    private record Ended(ModuleRun.Outcome outcome) implements ProcessMessage {}

    private record Started() implements ProcessMessage {}

    private record BudgetSpent() implements ProcessMessage {}

    private final String name;
    private final ModuleCache.Loaded loaded;
    private final Limits limits;
    private final CompletableFuture<String> firstStart = new CompletableFuture<>();

    public WasmProgram(String name, ModuleCache.Loaded loaded, Limits limits) {
        this.name = name;
        this.loaded = loaded;
        this.limits = limits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return "WebAssembly module " + name + " (" + loaded.engine().label() + ")";
    }

    /** What runs it: the compiler, or the interpreter. */
    public Engine engine() {
        return loaded.engine();
    }

    @Override
    public ProcessKind kind() {
        return ProcessKind.WASM;
    }

    @Override
    public boolean listed() {
        return false; // found in the filesystem, not among the compiled-in programs
    }

    @Override
    public Set<String> requestedCaps() {
        var caps = new LinkedHashSet<>(DEFAULT_CAPS);
        if (!limits.env().isEmpty()) {
            caps.add(WasmCapability.ENV);
        }
        return caps;
    }

    /**
     * Completes once the first incarnation has been instantiated (with null), or with why it could
     * not be (a start function that traps, an import of the wrong type).
     */
    public CompletableFuture<String> firstStart() {
        return firstStart;
    }

    @Override
    public Behavior<ProcessMessage> create(ProcessContext ctx) {
        return Behaviors.setup(actx -> {
            var self = actx.getSelf();
            var stdin = new Stdin();
            var run =
                    new ModuleRun(
                            "wasm-" + ctx.pid() + "-" + name,
                            loaded,
                            limits.maxPages(),
                            grants(ctx),
                            stdin,
                            () -> self.tell(new Started()),
                            outcome -> self.tell(new Ended(outcome)));
            run.start();
            return Behaviors.withTimers(timers -> {
                if (limits.budget() != null) {
                    timers.startSingleTimer(new BudgetSpent(), limits.budget());
                }
                return Behaviors.receive(ProcessMessage.class)
                        .onMessage(
                                Text.class,
                                t -> {
                                    stdin.offer(t.text());
                                    return Behaviors.same();
                                })
                        .onMessage(
                                Started.class,
                                s -> {
                                    firstStart.complete(null);
                                    return Behaviors.same();
                                })
                        .onMessage(Ended.class, e -> onEnded(e.outcome()))
                        .onMessage(
                                BudgetSpent.class,
                                b -> {
                                    run.stop(STOP_WAIT);
                                    throw new WasmBudgetException(
                                            "ran past its wall-clock budget of "
                                                    + limits.budget().toMillis()
                                                    + " ms");
                                })
                        .onSignal(
                                PostStop.class,
                                s -> {
                                    run.stop(STOP_WAIT); // a kill, or a crash of this actor: the
                                    // module ends with it
                                    return Behaviors.same();
                                })
                        .build();
            });
        });
    }

    private Behavior<ProcessMessage> onEnded(ModuleRun.Outcome outcome) {
        switch (outcome) {
            case ModuleRun.Exited e when e.code() == 0 -> {
                firstStart.complete(null);
                return Behaviors.stopped();
            }
            case ModuleRun.Exited e -> {
                firstStart.complete(null);
                throw new WasmExitException(e.code());
            }
            case ModuleRun.Trapped t -> {
                String why = (t.inStart() ? "start function trapped: " : "trap: ") + t.why();
                firstStart.complete(why);
                throw new WasmTrapException(why);
            }
            case ModuleRun.Failed f -> {
                firstStart.complete(f.why());
                throw new IllegalStateException(f.why());
            }
            case ModuleRun.Interrupted i -> {
                return Behaviors
                        .stopped(); // stopped from outside: the kill or budget already decided the
                // reason
            }
        }
    }

    /** The WASI grants that the process's capabilities stand for. */
    private Grants grants(ProcessContext ctx) {
        Capabilities caps = ctx.capabilities();
        ConsoleCapability console =
                caps.has(ConsoleCapability.NAME) ? ctx.capability(ConsoleCapability.class) : null;
        boolean hasFiles =
                caps.names().stream()
                        .anyMatch(n ->
                                n.equals(FilesCapability.KIND)
                                        || n.startsWith(FilesCapability.KIND + ":"));
        FilesCapability files = hasFiles ? ctx.capability(FilesCapability.class) : null;
        List<String> argv = new ArrayList<>();
        argv.add(name);
        argv.addAll(ctx.args());
        return new Grants(
                console,
                files,
                caps.has(WasmCapability.CLOCK),
                caps.has(WasmCapability.RANDOM),
                caps.has(WasmCapability.ARGS) ? argv : null,
                caps.has(WasmCapability.ENV) ? limits.env() : null);
    }
}
