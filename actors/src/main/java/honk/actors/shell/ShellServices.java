package honk.actors.shell;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.LineCompleter;
import honk.actors.kernel.LineSink;
import honk.actors.kernel.ServiceProvider;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shell as a system service, first in the list the board gives the kernel: the {@code shell}
 * child (restarted in place with the kernel's service backoff, as the log and the console driver
 * are), the {@link LineSink} it provides, the port through which the console driver hands it each
 * line, and the {@link LineCompleter} the consoles complete words with on Tab. The one place where
 * the shell meets the {@link Kernel}: it makes the {@link ShellContext} the commands get. Holds
 * what outlives one incarnation of the shell: its address, how many times it started, the processes
 * it started ({@link Jobs}).
 */
public final class ShellServices implements ServiceProvider {
    private final ServiceHandle<Shell.Command> handle = new ServiceHandle<>("shell");
    private final AtomicInteger incarnations = new AtomicInteger();
    private final Jobs jobs = new Jobs();

    @Override
    public Set<Class<?>> provides() {
        return Set.of(LineSink.class, LineCompleter.class);
    }

    @Override
    public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
        entries.provide(LineSink.class, Shell.input(handle));
        ShellContext context = context(kernel, jobs);
        entries.provide(LineCompleter.class, new ShellCompleter(context, ShellCommands.loaded()));
        var shell =
                Shell.create(
                        context,
                        kernel.prompt(),
                        () -> kernel.requestedExitStatus() != null,
                        () -> incarnations.getAndIncrement() > 0);
        // in place: lines queued behind a crash, or typed while it restarts, wait in its mailbox
        return List.of(
                ChildSpec.worker("shell", shell)
                        .restartedInPlace()
                        .backoff(Init.SERVICE_BACKOFF)
                        .handle(handle));
    }

    /** What the commands of a shell on {@code kernel} reach; package-private for tests. */
    static ShellContext context(Kernel kernel, Jobs jobs) {
        var system = kernel.system();
        return new ShellContext(
                kernel.board(),
                kernel.console(),
                kernel.table(),
                kernel.programs(),
                kernel.capabilities(),
                kernel.registry(),
                system.scheduler(),
                system.settings().config(),
                kernel::services,
                kernel.log(),
                kernel.bootMillis(),
                kernel.bootNanos(),
                jobs,
                kernel::shutdown,
                reason -> system.<Init.Command>unsafeUpcast().tell(new Init.Panic(reason)));
    }

    /**
     * The shell's address, which outlives its restarts: what a test types into, past the console
     * driver.
     */
    public ServiceHandle<Shell.Command> handle() {
        return handle;
    }
}
