package honk.board;

import akka.actor.typed.ActorSystem;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import honk.actors.ProgramRegistry;
import honk.actors.kernel.BoardPort;
import honk.actors.kernel.ConsoleDriver;
import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.LineCompleter;
import honk.actors.shell.StressRun;
import honk.net.http.HttpSettings;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Boots the kernel on a board and runs it until it halts: starts the actor system with one
 * dispatcher thread per hart, waits for the guardian to bring the kernel up, starts the console
 * reader, proves (after the prompt) that processes ran on every hart and returns the exit status (0
 * after {@code exit}, non-zero after a panic). Prints the boot lines the smoke tests assert; keep
 * them stable. The board's registry entries and the services it boots are listed in {@link
 * Services}.
 */
public final class Boot {
    /** How long the SMP check may keep probing before it reports the harts it saw. */
    private static final Duration SMP_BUDGET =
            Duration.ofSeconds(15); // ends as soon as every hart is seen

    private final BoardPort board;
    private final ConsolePort console;
    private final HttpSettings http; // null: no HTTP service

    public Boot(BoardPort board, ConsolePort console) {
        this(board, console, null);
    }

    /**
     * A boot whose kernel serves remote inspection over HTTP as {@code http} says (null: not at
     * all).
     */
    public Boot(BoardPort board, ConsolePort console, HttpSettings http) {
        this.board = board;
        this.console = console;
        this.http = http;
    }

    /**
     * The actor-system configuration for {@code harts} harts on top of application.conf. Akka
     * Stream (on the classpath for the HTTP service) asks to start its materializer with every
     * actor system; honk leaves it to start on first use, after the prompt, since boot time counts.
     */
    public static Config config(int harts) {
        int n = Math.max(1, harts);
        Config loaded = ConfigFactory.load();
        var eager =
                loaded.getStringList("akka.library-extensions").stream()
                        .filter(e -> !e.equals("akka.stream.SystemMaterializer$"))
                        .toList();
        return ConfigFactory.parseString(
                        "akka.actor.default-dispatcher.fork-join-executor { parallelism-min = "
                                + n
                                + ", parallelism-max = "
                                + n
                                + " }")
                .withValue(
                        "akka.library-extensions",
                        com.typesafe.config.ConfigValueFactory.fromIterable(eager))
                .withFallback(loaded);
    }

    public int run() throws Exception {
        trace("boot starts");
        org.slf4j.LoggerFactory
                .getILoggerFactory(); // initialise logging before Akka's threads log concurrently
        trace("logging ready");
        var ready = new CompletableFuture<Kernel>();
        var panic = new AtomicReference<Throwable>();
        Config cfg = config(board.harts());
        trace("configuration loaded");
        var reg = ProgramRegistry.load();
        trace("programs found");
        var registry = Services.board(board, console, http);
        ActorSystem<Init.Command> system =
                ActorSystem.create(
                        Init.create(
                                board,
                                console,
                                reg,
                                registry,
                                Services.ordered(),
                                ready,
                                panic::set),
                        "honk",
                        cfg);
        trace("actor system started");
        Kernel kernel;
        try {
            kernel = ready.get(120, TimeUnit.SECONDS);
            trace("kernel ready");
        } catch (Exception e) {
            console.println("honk: boot failed: the kernel did not come up (" + e + ")");
            system.terminate();
            return 1;
        }
        console.println(
                "honk: boot ok board="
                        + board.name()
                        + " harts="
                        + board.harts()
                        + " mem="
                        + (board.ramTotalBytes() < 0
                                ? "unknown"
                                : (board.ramTotalBytes() >> 20) + "M"));
        console.println("honk: shell ready (type 'help')");
        startReader(kernel);
        kernel.bootComplete();
        var readiness = kernel.readiness();
        board.shellReady(console::println, readiness);
        // after the prompt: nothing the prompt needs waits for it (it took ~1 s of the boot)
        var smp = new CompletableFuture<Void>();
        readiness.track("smp", smp);
        Thread.ofPlatform()
                .name("smp-check")
                .daemon()
                .start(() -> {
                    smpCheck(kernel);
                    smp.complete(null);
                });
        readiness
                .whenReady()
                .thenAccept(items -> console.println(readyLine(board.upMillis(), items)));
        int status = kernel.halted().get();
        if (kernel.requestedExitStatus() == null) {
            Throwable cause = panic.get();
            console.println(
                    "honk: kernel panic: "
                            + (cause == null ? "the actor system stopped" : cause.getMessage()));
            return status == 0 ? 1 : status;
        }
        console.println("honk: halted (status " + status + ")");
        return status;
    }

    /**
     * {@code honk: ready in 9.8 s: smp, kv, core, http, modules, block devices, network (not up:
     * virtio-rng (...))}: every service and driver has come up or given up; the time is the
     * machine's uptime (the kernel's where honk is PID 1).
     */
    static String readyLine(long upMillis, java.util.List<String> items) {
        var up = items.stream().filter(i -> !i.contains(" (failed: ")).toList();
        var not =
                items.stream()
                        .filter(i -> i.contains(" (failed: "))
                        .map(i -> i.substring(0, i.indexOf(" (failed: ")))
                        .toList();
        return String.format(
                        java.util.Locale.ROOT,
                        "honk: ready in %.1f s: %s",
                        upMillis / 1000.0,
                        up.isEmpty() ? "nothing to wait for" : String.join(", ", up))
                + (not.isEmpty() ? "" : " (not up: " + String.join(", ", not) + ")");
    }

    /**
     * With {@code -Dhonk.boot.trace=true} (on the virt board: the kernel parameter {@code
     * JDK_JAVA_OPTIONS=-Dhonk.boot.trace=true}), prints the JVM's uptime at each step of the boot,
     * to see where the time goes.
     */
    private void trace(String step) {
        if (TRACE) {
            console.println(
                    "honk: trace "
                            + step
                            + " at "
                            + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
                            + " ms");
        }
    }

    private static final boolean TRACE = Boolean.getBoolean("honk.boot.trace");

    private void smpCheck(Kernel kernel) {
        int harts = board.harts();
        long deadline = System.nanoTime() + SMP_BUDGET.toNanos();
        var seen = new java.util.BitSet();
        try {
            do {
                seen.or(
                        StressRun.spawn(kernel.board(), kernel.table(), 16 * harts, 1000)
                                .get(60, TimeUnit.SECONDS)
                                .used());
            } while (seen.cardinality() < harts && System.nanoTime() < deadline);
        } catch (Exception e) {
            console.println("honk: SMP check did not finish: " + e);
            return;
        }
        String verdict = seen.cardinality() >= harts ? "OK" : "INCOMPLETE";
        console.println(
                "honk: SMP "
                        + verdict
                        + " - processes ran on "
                        + seen.cardinality()
                        + "/"
                        + harts
                        + " harts ["
                        + StressRun.hartList(seen)
                        + "]");
    }

    /**
     * The console's "IRQ" source: a virtual thread that blocks reading and posts what it reads to
     * the driver. Tab on it completes with the shell's completer.
     */
    private void startReader(Kernel kernel) {
        kernel.registry().get(LineCompleter.class).ifPresent(console::completeWith);
        Thread.ofVirtual()
                .name("console-reader")
                .start(() -> {
                    try {
                        while (true) {
                            kernel.prompt().pass();
                            String line = console.readLine("honk> ");
                            if (line == null) {
                                kernel.consoleDriver().tell(new ConsoleDriver.EndOfInput());
                                return;
                            }
                            kernel.consoleDriver().tell(new ConsoleDriver.Input(line + "\n"));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }
}
