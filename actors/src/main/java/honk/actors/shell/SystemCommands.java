package honk.actors.shell;

import akka.actor.typed.javadsl.AskPattern;
import honk.actors.ProcessInfo;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.KernelLog;
import honk.actors.kernel.LogEntry;
import honk.supervision.Supervisor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The system commands: help, harts, uptime, mem, echo, fault, tree, log, exit, panic. */
public final class SystemCommands implements ShellCommandProvider {
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.of("help", "", "list every command", SystemCommands::help),
                ShellCommand.of("harts", "", "online harts and how the kernel uses them", SystemCommands::harts),
                ShellCommand.of("uptime", "", "time since boot", SystemCommands::uptime),
                ShellCommand.of("mem", "", "JVM heap and the machine's memory", SystemCommands::mem),
                ShellCommand.of("devices", "", "devices the board found (device tree, PCI) and their drivers",
                        SystemCommands::devices),
                ShellCommand.of("echo", "[TEXT...]", "print the arguments", (k, a) -> String.join(" ", a)),
                ShellCommand.ofAsync("fault", "[SERVICE]", "crash a system service on purpose (alone: list them)",
                        SystemCommands::fault),
                ShellCommand.ofAsync("tree", "", "the live supervision tree", SystemCommands::tree),
                ShellCommand.ofAsync("log", "[N]", "the last N kernel-log lines (default 20)", SystemCommands::log),
                ShellCommand.of("exit", "", "shut down cleanly (exit status 0)", SystemCommands::exit),
                ShellCommand.of("panic", "[REASON]", "crash the kernel's guardian on purpose: powers off with a failure",
                        SystemCommands::panic));
    }

    private static String help(Kernel kernel, List<String> args) {
        var out = new StringBuilder("commands:\n");
        for (ShellCommand c : ShellCommands.loaded().all()) {
            String synopsis = c.name() + (c.usage().isEmpty() ? "" : " " + c.usage());
            out.append(String.format(Locale.ROOT, "  %-54s %s%n", synopsis, c.summary()));
        }
        return out.toString().stripTrailing();
    }

    private static String harts(Kernel kernel, List<String> args) {
        Args.count("harts", "", args, 0, 0);
        var config = kernel.system().settings().config();
        int parallelism = config.getInt("akka.actor.default-dispatcher.fork-join-executor.parallelism-max");
        return "harts: " + kernel.board().harts() + " online; dispatcher parallelism " + parallelism
                + "; process-table shards " + kernel.table().shardCount()
                + "; this command ran on hart " + kernel.board().currentHart();
    }

    private static String uptime(Kernel kernel, List<String> args) {
        Args.count("uptime", "", args, 0, 0);
        var up = Duration.ofNanos(System.nanoTime() - kernel.bootNanos());
        return "up " + Format.duration(up) + " (since " + Instant.ofEpochMilli(kernel.bootMillis()) + ")";
    }

    private static String mem(Kernel kernel, List<String> args) {
        Args.count("mem", "", args, 0, 0);
        var mx = ManagementFactory.getMemoryMXBean();
        var heap = mx.getHeapMemoryUsage();
        var nonHeap = mx.getNonHeapMemoryUsage();
        return "heap:     used " + Format.bytes(heap.getUsed()) + ", committed " + Format.bytes(heap.getCommitted())
                + ", max " + Format.bytes(heap.getMax()) + "\n"
                + "non-heap: used " + Format.bytes(nonHeap.getUsed()) + "\n"
                + "ram:      total " + Format.bytes(kernel.board().ramTotalBytes())
                + ", available " + Format.bytes(kernel.board().ramAvailableBytes());
    }

    private static String devices(Kernel kernel, List<String> args) {
        Args.count("devices", "", args, 0, 0);
        var found = kernel.board().devices();
        if (found.isEmpty()) {
            return "no devices found (the " + kernel.board().name() + " board shows no device tree or PCI bus)";
        }
        var out = new StringBuilder(String.format("%-4s %-14s %-18s %-24s %s", "BUS", "ADDRESS", "NAME", "ID", "DRIVER"));
        for (var d : found) {
            out.append('\n').append(String.format("%-4s %-14s %-18s %-24s %s", d.bus(), d.address(), d.name(), d.id(),
                    d.driver().isEmpty() ? "-" : d.driver()));
        }
        return out.toString();
    }

    private static CompletionStage<Supervisor.Children> children(Kernel kernel) {
        return AskPattern.ask(kernel.services(), Supervisor.GetChildren::new, ASK, kernel.system().scheduler());
    }

    private static CompletionStage<String> fault(Kernel kernel, List<String> args) {
        Args.count("fault", "[SERVICE]", args, 0, 1);
        if (args.isEmpty()) {
            return children(kernel).thenApply(c -> "services: " + String.join(" ",
                    c.children().stream().map(Supervisor.ChildStatus::id).toList()));
        }
        String id = args.get(0);
        if (id.equals("shell")) {
            kernel.console().println("fault: crashing the shell; its supervisor starts a new one");
        }
        CompletionStage<Supervisor.FaultResult> r = AskPattern.ask(
                kernel.services(), reply -> new Supervisor.InjectFault(id, reply), ASK, kernel.system().scheduler());
        return r.thenApply(res -> switch (res) {
            case Supervisor.FaultRecovered ok -> "fault: " + ok.id() + " crashed and was restarted by its supervisor"
                    + " (restarts=" + ok.restarts() + "); the shell kept working";
            case Supervisor.FaultRejected no -> throw new ShellException("fault: " + no.reason());
        });
    }

    private static CompletionStage<String> tree(Kernel kernel, List<String> args) {
        Args.count("tree", "", args, 0, 0);
        var services = children(kernel).toCompletableFuture();
        var procs = kernel.table().list().toCompletableFuture();
        return CompletableFuture.allOf(services, procs)
                .thenApply(v -> renderTree(kernel, services.join(), procs.join()));
    }

    static String renderTree(Kernel kernel, Supervisor.Children services, List<ProcessInfo> procs) {
        var out = new StringBuilder("honk (guardian)\n");
        out.append("├─ system  [supervisor, ").append(services.strategy().name().toLowerCase(Locale.ROOT))
                .append(", ").append(Init.SERVICE_INTENSITY).append("]\n");
        var kids = services.children();
        for (int i = 0; i < kids.size(); i++) {
            var c = kids.get(i);
            out.append(i == kids.size() - 1 ? "│  └─ " : "│  ├─ ")
                    .append(String.format(Locale.ROOT, "%-8s %-10s restarts=%d", c.id(), c.state(), c.restarts()))
                    .append(c.lastFailure().isEmpty() ? "" : "  last: " + c.lastFailure()).append('\n');
        }
        int shards = kernel.table().shardCount();
        out.append("└─ procs  [process table, ").append(shards).append(" shards, ").append(procs.size())
                .append(" processes]\n");
        for (int s = 0; s < shards; s++) {
            boolean lastShard = s == shards - 1;
            out.append(lastShard ? "   └─ " : "   ├─ ").append("shard-").append(s).append('\n');
            final int shard = s;
            var mine = procs.stream().filter(p -> p.shard() == shard).toList();
            for (int i = 0; i < mine.size(); i++) {
                var p = mine.get(i);
                out.append(lastShard ? "      " : "   │  ").append(i == mine.size() - 1 ? "└─ " : "├─ ")
                        .append(String.format(Locale.ROOT, "%d-%s  %s restarts=%d msgs=%d",
                                p.pid(), p.name(), p.state().label(), p.restarts(), p.messages()))
                        .append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static CompletionStage<String> log(Kernel kernel, List<String> args) {
        Args.count("log", "[N]", args, 0, 1);
        int n = args.isEmpty() ? 20 : Args.positiveInt("log", args.get(0), KernelLog.CAPACITY);
        var ref = kernel.log().current();
        if (ref == null) {
            throw new ShellException("log: the kernel log is restarting; try again");
        }
        CompletionStage<List<LogEntry>> r = AskPattern.ask(
                ref, reply -> new KernelLog.Recent(n, reply), ASK, kernel.system().scheduler());
        return r.thenApply(entries -> {
            if (entries.isEmpty()) {
                return "log: empty";
            }
            var out = new StringBuilder();
            for (LogEntry e : entries) {
                out.append('#').append(e.id()).append(' ')
                        .append(CLOCK.format(LocalTime.ofInstant(Instant.ofEpochMilli(e.atMillis()), ZoneOffset.UTC)))
                        .append(' ').append(e.text()).append('\n');
            }
            return out.toString().stripTrailing();
        });
    }

    private static String exit(Kernel kernel, List<String> args) {
        Args.count("exit", "", args, 0, 0);
        kernel.console().println("honk: shutting down");
        kernel.shutdown(0);
        return "";
    }

    private static String panic(Kernel kernel, List<String> args) {
        String reason = args.isEmpty() ? "requested from the shell" : String.join(" ", args);
        kernel.system().<Init.Command>unsafeUpcast().tell(new Init.Panic(reason));
        return "";
    }
}
