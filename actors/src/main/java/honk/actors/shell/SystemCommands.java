package honk.actors.shell;

import akka.actor.typed.javadsl.AskPattern;

import honk.actors.ProcessInfo;
import honk.actors.kernel.Init;
import honk.actors.kernel.KernelLog;
import honk.actors.kernel.LogEntry;
import honk.supervision.Supervisor;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The system commands: help, harts, uptime, mem, echo, fault, tree, log, exit, panic. */
public final class SystemCommands implements ShellCommandProvider {
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final String LOG_USAGE = "[N] [--verbose]";

    /** Widest example line {@code help} pads to; a longer one pushes its effect to the right. */
    private static final int EXAMPLE_COLUMN = 40;

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.of(
                                "help",
                                "[COMMAND]",
                                "list every command, or how to use one",
                                SystemCommands::help)
                        .withExample("help", "every command, one line each")
                        .withExample("help kill", "how to use kill, with examples")
                        .completing(ArgumentCompleter.commands().upTo(1)),
                ShellCommand.of(
                                "harts",
                                "",
                                "online harts and how the kernel uses them",
                                SystemCommands::harts)
                        .withExample("harts", "harts online, dispatcher threads, table shards"),
                ShellCommand.of("uptime", "", "time since boot", SystemCommands::uptime)
                        .withExample("uptime", "how long since boot, and when that was"),
                ShellCommand.of("mem", "", "JVM heap and the machine's memory", SystemCommands::mem)
                        .withExample("mem", "heap used and committed, the machine's RAM"),
                ShellCommand.of(
                                "devices",
                                "",
                                "devices the board found (device tree, PCI) and their drivers",
                                SystemCommands::devices)
                        .withExample("devices", "every device found, with its driver"),
                ShellCommand.of(
                                "echo",
                                "[TEXT...]",
                                "print the arguments",
                                (k, a) -> String.join(" ", a))
                        .withExample("echo 'two  words' and more", "prints: two  words and more"),
                ShellCommand.ofAsync(
                                "fault",
                                "[SERVICE]",
                                "crash a system service on purpose (alone: list them)",
                                SystemCommands::fault)
                        .withExample("fault", "the services that can be crashed")
                        .withExample("fault console", "crash the console driver; it is restarted"),
                ShellCommand.ofAsync("tree", "", "the live supervision tree", SystemCommands::tree)
                        .withExample("tree", "services and processes, with restarts"),
                ShellCommand.ofAsync(
                                "log",
                                LOG_USAGE,
                                "the last N kernel-log lines (default 20); --verbose: with the"
                                        + " stack traces of crashes",
                                SystemCommands::log)
                        .withExample("log", "the last 20 lifecycle events and reports")
                        .withExample("log 100", "the last 100")
                        .withExample("log 5 --verbose", "the last 5, with crashes' stack traces"),
                ShellCommand.of(
                                "exit",
                                "",
                                "shut down cleanly (exit status 0)",
                                SystemCommands::exit)
                        .withExample("exit", "stop every service, power off with status 0"),
                ShellCommand.of(
                                "panic",
                                "[REASON]",
                                "crash the kernel's guardian on purpose: powers off with a failure",
                                SystemCommands::panic)
                        .withExample("panic testing the watchdog", "power off with a failure"));
    }

    private static String help(ShellContext ctx, List<String> args) {
        Args.count("help", "[COMMAND]", args, 0, 1);
        if (args.size() == 1) {
            ShellCommand c =
                    ShellCommands.loaded()
                            .find(args.getFirst())
                            .orElseThrow(() ->
                                    new ShellException(
                                            "help: no command '"
                                                    + args.getFirst()
                                                    + "' (type 'help' for the list)"));
            return describe(c);
        }
        var out = new StringBuilder("commands:\n");
        for (ShellCommand c : ShellCommands.loaded().all()) {
            String synopsis = c.name() + (c.usage().isEmpty() ? "" : " " + c.usage());
            out.append(String.format(Locale.ROOT, "  %-54s %s%n", synopsis, c.summary()));
        }
        return out.toString().stripTrailing();
    }

    /**
     * {@code help NAME}: the usage line, the summary, then the examples, what each does in a column
     * beside it (under a line too long for the column).
     */
    static String describe(ShellCommand c) {
        var out = new StringBuilder(c.usageLine()).append("\n  ").append(c.summary());
        if (!c.examples().isEmpty()) {
            int width = 0;
            for (var e : c.examples()) {
                width = Math.max(width, Math.min(e.line().length(), EXAMPLE_COLUMN));
            }
            out.append("\nexamples:");
            String below = " ".repeat(width + 4); // where a long line's effect goes, under it
            for (var e : c.examples()) {
                out.append("\n  ").append(e.line());
                if (e.line().length() > width) {
                    out.append('\n').append(below);
                } else {
                    out.append(" ".repeat(width - e.line().length() + 2));
                }
                out.append(e.effect());
            }
        }
        return out.toString();
    }

    private static String harts(ShellContext ctx, List<String> args) {
        Args.count("harts", "", args, 0, 0);
        var config = ctx.config();
        int parallelism =
                config.getInt("akka.actor.default-dispatcher.fork-join-executor.parallelism-max");
        return "harts: "
                + ctx.board().harts()
                + " online; dispatcher parallelism "
                + parallelism
                + "; process-table shards "
                + ctx.table().shardCount()
                + "; this command ran on hart "
                + ctx.board().currentHart();
    }

    private static String uptime(ShellContext ctx, List<String> args) {
        Args.count("uptime", "", args, 0, 0);
        var up = Duration.ofNanos(System.nanoTime() - ctx.bootNanos());
        return "up "
                + Format.duration(up)
                + " (since "
                + Instant.ofEpochMilli(ctx.bootMillis())
                + ")";
    }

    private static String mem(ShellContext ctx, List<String> args) {
        Args.count("mem", "", args, 0, 0);
        var mx = ManagementFactory.getMemoryMXBean();
        var heap = mx.getHeapMemoryUsage();
        var nonHeap = mx.getNonHeapMemoryUsage();
        return "heap:     used "
                + Format.bytes(heap.getUsed())
                + ", committed "
                + Format.bytes(heap.getCommitted())
                + ", max "
                + Format.bytes(heap.getMax())
                + "\n"
                + "non-heap: used "
                + Format.bytes(nonHeap.getUsed())
                + "\n"
                + "ram:      total "
                + Format.bytes(ctx.board().ramTotalBytes())
                + ", available "
                + Format.bytes(ctx.board().ramAvailableBytes());
    }

    private static String devices(ShellContext ctx, List<String> args) {
        Args.count("devices", "", args, 0, 0);
        var found = ctx.board().devices();
        if (found.isEmpty()) {
            return "no devices found (the "
                    + ctx.board().name()
                    + " board shows no device tree or PCI bus)";
        }
        var out =
                new StringBuilder(
                        String.format(
                                "%-4s %-14s %-18s %-24s %s",
                                "BUS", "ADDRESS", "NAME", "ID", "DRIVER"));
        for (var d : found) {
            out.append('\n')
                    .append(
                            String.format(
                                    "%-4s %-14s %-18s %-24s %s",
                                    d.bus(),
                                    d.address(),
                                    d.name(),
                                    d.id(),
                                    d.driver().isEmpty() ? "-" : d.driver()));
        }
        return out.toString();
    }

    private static CompletionStage<Supervisor.Children> children(ShellContext ctx) {
        return AskPattern.ask(
                ctx.systemSupervisor().get(), Supervisor.GetChildren::new, ASK, ctx.scheduler());
    }

    private static CompletionStage<String> fault(ShellContext ctx, List<String> args) {
        Args.count("fault", "[SERVICE]", args, 0, 1);
        if (args.isEmpty()) {
            return children(ctx)
                    .thenApply(c ->
                            "services: "
                                    + String.join(
                                            " ",
                                            c.children().stream()
                                                    .map(Supervisor.ChildStatus::id)
                                                    .toList()));
        }
        String id = args.get(0);
        if (id.equals("shell")) {
            ctx.console().println("fault: crashing the shell; its supervisor starts a new one");
        }
        CompletionStage<Supervisor.FaultResult> r =
                AskPattern.ask(
                        ctx.systemSupervisor().get(),
                        reply -> new Supervisor.InjectFault(id, reply),
                        ASK,
                        ctx.scheduler());
        return r.thenApply(res ->
                switch (res) {
                    case Supervisor.FaultRecovered ok ->
                            "fault: "
                                    + ok.id()
                                    + " crashed and was restarted by its supervisor"
                                    + " (restarts="
                                    + ok.restarts()
                                    + "); the shell kept working";
                    case Supervisor.FaultRejected no ->
                            throw new ShellException("fault: " + no.reason());
                });
    }

    private static CompletionStage<String> tree(ShellContext ctx, List<String> args) {
        Args.count("tree", "", args, 0, 0);
        var services = children(ctx).toCompletableFuture();
        var procs = ctx.table().list().toCompletableFuture();
        return CompletableFuture.allOf(services, procs)
                .thenApply(v -> renderTree(ctx, services.join(), procs.join()));
    }

    static String renderTree(
            ShellContext ctx, Supervisor.Children services, List<ProcessInfo> procs) {
        var out = new StringBuilder("honk (guardian)\n");
        out.append("├─ system  [supervisor, ")
                .append(services.strategy().name().toLowerCase(Locale.ROOT))
                .append(", ")
                .append(Init.SERVICE_INTENSITY)
                .append("]\n");
        var kids = services.children();
        for (int i = 0; i < kids.size(); i++) {
            var c = kids.get(i);
            out.append(i == kids.size() - 1 ? "│  └─ " : "│  ├─ ")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "%-8s %-10s restarts=%d",
                                    c.id(),
                                    c.state(),
                                    c.restarts()))
                    .append(c.lastFailure().isEmpty() ? "" : "  last: " + c.lastFailure())
                    .append('\n');
        }
        int shards = ctx.table().shardCount();
        out.append("└─ procs  [process table, ")
                .append(shards)
                .append(" shards, ")
                .append(procs.size())
                .append(" processes]\n");
        for (int s = 0; s < shards; s++) {
            boolean lastShard = s == shards - 1;
            out.append(lastShard ? "   └─ " : "   ├─ ").append("shard-").append(s).append('\n');
            final int shard = s;
            var mine = procs.stream().filter(p -> p.shard() == shard).toList();
            for (int i = 0; i < mine.size(); i++) {
                var p = mine.get(i);
                out.append(lastShard ? "      " : "   │  ")
                        .append(i == mine.size() - 1 ? "└─ " : "├─ ")
                        .append(
                                String.format(
                                        Locale.ROOT,
                                        "%d-%s  %s restarts=%d msgs=%d",
                                        p.pid(),
                                        p.name(),
                                        p.state().label(),
                                        p.restarts(),
                                        p.messages()))
                        .append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static CompletionStage<String> log(ShellContext ctx, List<String> args) {
        boolean verbose = false;
        var count = new ArrayList<String>();
        for (String a : args) {
            if (a.equals("--verbose")) {
                verbose = true;
            } else if (a.startsWith("-")) {
                throw new ShellException(
                        "log: unknown option '" + a + "'; usage: log " + LOG_USAGE);
            } else {
                count.add(a);
            }
        }
        Args.count("log", LOG_USAGE, count, 0, 1);
        int n =
                count.isEmpty()
                        ? 20
                        : Args.positiveInt("log", count.getFirst(), KernelLog.CAPACITY);
        var ref = ctx.log().current();
        if (ref == null) {
            throw new ShellException("log: the kernel log is restarting; try again");
        }
        boolean traces = verbose;
        CompletionStage<List<LogEntry>> r =
                AskPattern.ask(ref, reply -> new KernelLog.Recent(n, reply), ASK, ctx.scheduler());
        return r.thenApply(entries -> {
            if (entries.isEmpty()) {
                return "log: empty";
            }
            var out = new StringBuilder();
            for (LogEntry e : entries) {
                out.append('#')
                        .append(e.id())
                        .append(' ')
                        .append(
                                CLOCK.format(
                                        LocalTime.ofInstant(
                                                Instant.ofEpochMilli(e.atMillis()),
                                                ZoneOffset.UTC)))
                        .append(' ')
                        .append(e.text())
                        .append('\n');
                if (traces && !e.trace().isEmpty()) {
                    for (String line : e.trace().split("\n")) {
                        out.append("    ").append(line.replace("\t", "  ")).append('\n');
                    }
                }
            }
            return out.toString().stripTrailing();
        });
    }

    private static String exit(ShellContext ctx, List<String> args) {
        Args.count("exit", "", args, 0, 0);
        ctx.console().println("honk: shutting down");
        ctx.shutdown().accept(0);
        return "";
    }

    private static String panic(ShellContext ctx, List<String> args) {
        String reason = args.isEmpty() ? "requested from the shell" : String.join(" ", args);
        ctx.panic().accept(reason);
        return "";
    }
}
