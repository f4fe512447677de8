package honk.actors.shell;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.LineSink;
import honk.actors.kernel.ServiceProvider;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shell as a system service, first in the list the board gives the kernel: the {@code shell}
 * child (restarted with the kernel's service backoff, as the log and the console driver are) and
 * the {@link LineSink} it provides, the port through which the console driver hands it each line.
 * Holds what outlives one incarnation of the shell: its address and how many times it started.
 */
public final class ShellServices implements ServiceProvider {
    private final ServiceHandle<Shell.Command> handle = new ServiceHandle<>("shell");
    private final AtomicInteger incarnations = new AtomicInteger();

    @Override
    public Set<Class<?>> provides() {
        return Set.of(LineSink.class);
    }

    @Override
    public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
        entries.provide(LineSink.class, Shell.input(handle));
        return List.of(ChildSpec.worker("shell", Shell.create(kernel, () -> incarnations.getAndIncrement() > 0))
                .backoff(Init.SERVICE_BACKOFF)
                .handle(handle));
    }

    /** The shell's address, which outlives its restarts: what a test types into, past the console driver. */
    public ServiceHandle<Shell.Command> handle() {
        return handle;
    }
}
