package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;

import com.typesafe.config.ConfigFactory;

import honk.actors.ProgramRegistry;
import honk.actors.shell.Shell;
import honk.actors.shell.ShellServices;
import honk.supervision.ServiceHandle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The whole tree booted on the fakes, as the board does it: an actor system with {@link Init} as
 * its guardian, a {@link FakeBoard}, a {@link RecordingConsole}, the shell and the services a test
 * lists. Commands go straight to the shell's handle (no console reader); {@link #sh} returns
 * exactly what one command printed, and {@link #assertRestartedOnce} checks what a user sees of a
 * service's restart.
 */
public final class BootedKernel implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private static final String CONFIG =
            """
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            akka.jvm-shutdown-hooks = off
            """;

    public final FakeBoard board;
    public final RecordingConsole console = new RecordingConsole();
    public final AtomicReference<Throwable> panic = new AtomicReference<>();
    public final ActorSystem<Init.Command> system;
    public final Kernel kernel;

    /** The shell's address (the first service of every list here). */
    public final ServiceHandle<Shell.Command> shell;

    private final AtomicInteger sentinels = new AtomicInteger();

    private BootedKernel(int harts, Registry registry, List<ServiceProvider> services)
            throws Exception {
        org.slf4j.LoggerFactory
                .getILoggerFactory(); // initialise logging before Akka's threads log concurrently
        board = new FakeBoard(harts);
        var shellServices = new ShellServices();
        shell = shellServices.handle();
        var listed = new ArrayList<ServiceProvider>(List.of(shellServices));
        listed.addAll(services);
        var ready = new CompletableFuture<Kernel>();
        system =
                ActorSystem.create(
                        Init.create(
                                board,
                                console,
                                ProgramRegistry.load(),
                                registry,
                                listed,
                                ready,
                                panic::set),
                        "honk-test",
                        ConfigFactory.parseString(CONFIG));
        try {
            kernel = ready.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
        // The guardian hands out the kernel before the services' first incarnations have run their
        // setup, and a shell that starts after bootComplete() takes itself for a restarted one. The
        // board's boot (SMP check, boot lines) covers that in practice; here a round trip through
        // the shell makes sure of it.
        int mark = console.size();
        shell.tell(new Shell.Line("echo --booted--"));
        console.awaitIndex(mark, "--booted--"::equals, WAIT);
        kernel.bootComplete();
    }

    /**
     * Boots a kernel on a fake board with {@code harts} harts, the shell and no module's services.
     */
    public static BootedKernel boot(int harts) throws Exception {
        return new BootedKernel(harts, new Registry(), List.of());
    }

    /**
     * Boots with what {@code registry} holds for the board's entries (block devices, say) and the
     * modules' {@code services}, in start order, as the composition root lists them.
     */
    public static BootedKernel boot(int harts, Registry registry, ServiceProvider... services)
            throws Exception {
        return new BootedKernel(harts, registry, List.of(services));
    }

    /**
     * Runs one command line and returns the lines it printed. The shell runs lines one at a time,
     * so everything printed before the echo of a unique sentinel that follows it is the command's
     * output (plus whatever processes printed meanwhile).
     */
    public List<String> sh(String line) throws Exception {
        int mark = console.size();
        String sentinel = "--done-" + sentinels.incrementAndGet() + "--";
        shell.tell(new Shell.Line(line));
        shell.tell(new Shell.Line("echo " + sentinel));
        int end = console.awaitIndex(mark, sentinel::equals, WAIT);
        return console.linesFrom(mark).subList(0, end - mark);
    }

    /** Sends a line without waiting for anything (for commands after which the shell is gone). */
    public void tell(String line) {
        shell.tell(new Shell.Line(line));
    }

    /**
     * Checks that the service {@code service} has been restarted once by {@code system} since it
     * failed with {@code lastFailure}: its line in {@code tree} says so.
     */
    public void assertTreeShowsRestartedOnce(String service, String lastFailure) throws Exception {
        var tree = sh("tree");
        assertTrue(
                tree.stream()
                        .anyMatch(l ->
                                l.matches(
                                        ".*─ "
                                                + Pattern.quote(service)
                                                + " +running +restarts=1  last: "
                                                + Pattern.quote(lastFailure))),
                String.join("\n", tree));
    }

    /**
     * As {@link #assertTreeShowsRestartedOnce}, and the last {@code logLines} lines of {@code log}
     * hold the report of its crash and that of its restart.
     */
    public void assertRestartedOnce(String service, String lastFailure, int logLines)
            throws Exception {
        assertTreeShowsRestartedOnce(service, lastFailure);
        var log = String.join("\n", sh("log " + logLines));
        assertTrue(
                log.contains(
                        "supervisor system: "
                                + service
                                + " child_terminated ("
                                + lastFailure
                                + ")"),
                log);
        assertTrue(
                log.contains("supervisor system: " + service + " child_restarted (restart 1)"),
                log);
    }

    /** Waits until the actor system has terminated and returns the kernel's exit status. */
    public int awaitHalt() throws Exception {
        return kernel.halted().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated()
                .toCompletableFuture()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
