package honk.actors.kernel;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;

import honk.actors.ProcessTable;
import honk.actors.ProgramRegistry;
import honk.supervision.ServiceHandle;
import honk.supervision.Supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running kernel's handles, built by {@link Init} once the process table is up: what the
 * services, the board and the HTTP service reach the system through (the shell's commands get a
 * narrower context, made from it by the shell's service). Thread-safe.
 */
public final class Kernel {
    private final ActorSystem<?> system;
    private final BoardPort board;
    private final ConsolePort console;
    private final ProcessTable table;
    private final ProgramRegistry programs;
    private final CapabilityCatalog capabilities;
    private final Registry registry;
    private final ServiceHandle<KernelLog.Command> log = new ServiceHandle<>("log");
    private final ServiceHandle<ConsoleDriver.Command> consoleDriver =
            new ServiceHandle<>("console");
    private final PromptGate prompt = new PromptGate();
    private final Readiness readiness = new Readiness();
    private final long bootMillis;
    private final long bootNanos;
    private volatile ActorRef<Supervisor.Command> services;
    private volatile boolean booted;
    private final AtomicReference<Integer> exitStatus = new AtomicReference<>();
    private final CompletableFuture<Integer> halted = new CompletableFuture<>();

    Kernel(
            ActorSystem<?> system,
            BoardPort board,
            ConsolePort console,
            ProcessTable table,
            ProgramRegistry programs,
            Registry registry,
            long bootMillis,
            long bootNanos) {
        this.system = system;
        this.registry = registry;
        this.board = board;
        this.console = console;
        this.table = table;
        this.programs = programs;
        this.capabilities = new CapabilityCatalog(console, table, programs);
        this.bootMillis = bootMillis;
        this.bootNanos = bootNanos;
    }

    public ActorSystem<?> system() {
        return system;
    }

    public BoardPort board() {
        return board;
    }

    /**
     * What the board and the services provided (block devices, services), read-only: services take
     * theirs from the list.
     */
    public RegistryView registry() {
        return registry;
    }

    public ConsolePort console() {
        return console;
    }

    public ProcessTable table() {
        return table;
    }

    public ProgramRegistry programs() {
        return programs;
    }

    public CapabilityCatalog capabilities() {
        return capabilities;
    }

    public ServiceHandle<KernelLog.Command> log() {
        return log;
    }

    public ServiceHandle<ConsoleDriver.Command> consoleDriver() {
        return consoleDriver;
    }

    /** What must settle, after the prompt, before the system is ready. */
    public Readiness readiness() {
        return readiness;
    }

    public PromptGate prompt() {
        return prompt;
    }

    public long bootMillis() {
        return bootMillis;
    }

    public long bootNanos() {
        return bootNanos;
    }

    public ActorRef<Supervisor.Command> services() {
        return services;
    }

    void services(ActorRef<Supervisor.Command> ref) {
        this.services = ref;
    }

    /** Marks the end of boot: from now on a restarted shell reopens the prompt itself. */
    public void bootComplete() {
        booted = true;
        prompt.open();
    }

    public boolean booted() {
        return booted;
    }

    /**
     * A clean shutdown with this status: stops the actor system; {@link #halted()} completes after.
     */
    public void shutdown(int status) {
        exitStatus.compareAndSet(null, status);
        system.terminate();
    }

    /** The status a shutdown asked for, or null if the system ended without one (a panic). */
    public Integer requestedExitStatus() {
        return exitStatus.get();
    }

    /** Completes with the exit status once the actor system has terminated. */
    public CompletableFuture<Integer> halted() {
        return halted;
    }
}
