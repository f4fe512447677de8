package honk.actors.shell;

import akka.actor.typed.Behavior;

import honk.actors.Capabilities;
import honk.actors.ProcessContext;
import honk.actors.ProcessInfo;
import honk.actors.ProcessMessage;
import honk.actors.ProcessShard;
import honk.actors.ProcessState;
import honk.actors.Program;
import honk.actors.SpawnSpec;
import honk.actors.Text;
import honk.actors.kernel.ProgramSource;
import honk.supervision.RestartPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The process commands: run, ps, kill, send, reap, crash, stress. */
public final class ProcessCommands implements ShellCommandProvider {

    /**
     * Upper bound for {@code stress}: beyond it the table's memory, not the scheduler, is measured.
     */
    static final int STRESS_MAX = 1_000_000;

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "run",
                                "NAME [ARGS...] [--restart=POLICY] [--caps=LIST]",
                                "start a program or a module in /bin as a process (alone: list the"
                                        + " programs)",
                                ProcessCommands::run)
                        .withExample("run", "the programs, with their arguments")
                        .withExample("run ticker 1000 5", "print a tick every second, five times")
                        .withExample(
                                "run crasher --restart=on-failure",
                                "a process restarted after each crash")
                        .withExample(
                                "run idle --caps=console", "grant exactly the console capability")
                        .completing(ArgumentCompleter.programs().upTo(1)),
                ShellCommand.ofAsync(
                                "ps",
                                PS_USAGE,
                                "list processes: state, restarts, capabilities, uptime; filtered,"
                                        + " sorted",
                                ProcessCommands::ps)
                        .withExample("ps", "every process, by PID")
                        .withExample(
                                "ps --state=crashed --sort=restarts",
                                "the crashed ones, most restarted first"),
                ShellCommand.ofAsync(
                                "kill",
                                "PID",
                                "stop a process; it stays listed as killed until reap",
                                ProcessCommands::kill)
                        .withExample("kill $!", "stop the process started last")
                        .withExample("kill 42", "stop process 42")
                        .completing(ArgumentCompleter.pids().upTo(1)),
                ShellCommand.ofAsync(
                                "send",
                                "PID TEXT",
                                "deliver TEXT to a process as a message",
                                ProcessCommands::send)
                        .withExample("send $! 'hello there'", "the last process started gets it")
                        .withExample("send $! boom", "a crasher crashes on it")
                        .completing(ArgumentCompleter.pids().upTo(1)),
                ShellCommand.ofAsync(
                                "reap",
                                "",
                                "forget every process that has ended",
                                ProcessCommands::reap)
                        .withExample("reap", "drop the stopped, crashed and killed from ps"),
                ShellCommand.ofAsync(
                                "crash",
                                "",
                                "spawn a process that throws at once; the kernel survives",
                                ProcessCommands::crash)
                        .withExample("crash", "a process crashes; its trace: log --verbose"),
                ShellCommand.ofAsync(
                                "stress",
                                "N",
                                "spawn N short-lived processes across the harts and time them",
                                ProcessCommands::stress)
                        .withExample("stress 10000", "10,000 processes, timed"));
    }

    private static CompletionStage<String> run(ShellContext ctx, List<String> args) {
        if (args.isEmpty()) {
            var out = new StringBuilder();
            for (Program p : ctx.programs().all()) {
                if (p.listed()) {
                    out.append(
                            String.format(
                                    Locale.ROOT,
                                    "%-10s %-28s %s%n",
                                    p.name(),
                                    p.usage(),
                                    p.summary()));
                }
            }
            return CompletableFuture.completedFuture(out.toString().stripTrailing());
        }
        RestartPolicy restart = RestartPolicy.NEVER;
        List<String> caps = null;
        var programArgs = new ArrayList<String>();
        for (String a : args.subList(1, args.size())) {
            if (a.startsWith("--restart=")) {
                restart = RestartPolicy.parse(a.substring("--restart=".length()));
            } else if (a.startsWith("--caps=")) {
                String list = a.substring("--caps=".length());
                caps =
                        list.isBlank() || list.equals("none")
                                ? List.of()
                                : Arrays.asList(list.split(","));
            } else {
                programArgs.add(a);
            }
        }
        String name = args.get(0);
        var notFound =
                new ShellException(
                        "run: no program '" + name + "' (type 'run' to list the programs)");
        RestartPolicy policy = restart;
        List<String> wanted = caps;
        Optional<Program> builtIn = ctx.programs().find(name).filter(Program::listed);
        if (builtIn.isPresent()) {
            return CompletableFuture.completedFuture(
                    start(ctx, builtIn.get(), programArgs, policy, wanted));
        }
        Optional<ProgramSource> source = ctx.registry().get(ProgramSource.class);
        if (source.isEmpty()) {
            throw notFound;
        }
        return source.get()
                .find(name)
                .handle((found, failure) -> {
                    if (failure != null) {
                        Throwable t =
                                failure instanceof CompletionException && failure.getCause() != null
                                        ? failure.getCause()
                                        : failure;
                        throw new ShellException("run: " + t.getMessage());
                    }
                    return start(
                            ctx, found.orElseThrow(() -> notFound), programArgs, policy, wanted);
                });
    }

    private static String start(
            ShellContext ctx,
            Program program,
            List<String> args,
            RestartPolicy restart,
            List<String> caps) {
        Capabilities granted =
                ctx.capabilities()
                        .grant(caps == null ? program.requestedCaps() : new LinkedHashSet<>(caps));
        long pid =
                ctx.table()
                        .spawn(SpawnSpec.of(program, args).withRestart(restart).withCaps(granted));
        ctx.jobs().started(pid);
        return "run: started " + program.name() + " as pid " + pid;
    }

    static final String PS_USAGE =
            "[--state=STATE] [--kind=KIND] [--sort=pid|name|restarts|msgs|uptime]";

    private static CompletionStage<String> ps(ShellContext ctx, List<String> args) {
        java.util.function.Predicate<ProcessInfo> keep = p -> true;
        java.util.Comparator<ProcessInfo> order =
                java.util.Comparator.comparingLong(ProcessInfo::pid);
        for (String a : args) {
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq);
            String value = eq < 0 ? "" : a.substring(eq + 1);
            switch (key) {
                case "--state" -> {
                    var states =
                            java.util.Arrays.stream(honk.actors.ProcessState.values())
                                    .map(honk.actors.ProcessState::label)
                                    .toList();
                    if (!states.contains(value)) {
                        throw new ShellException(
                                "ps: no state '"
                                        + value
                                        + "' (states: "
                                        + String.join(", ", states)
                                        + ")");
                    }
                    keep = keep.and(p -> p.state().label().equals(value));
                }
                case "--kind" -> {
                    var kinds =
                            java.util.Arrays.stream(honk.actors.ProcessKind.values())
                                    .map(honk.actors.ProcessKind::label)
                                    .toList();
                    if (!kinds.contains(value)) {
                        throw new ShellException(
                                "ps: no kind '"
                                        + value
                                        + "' (kinds: "
                                        + String.join(", ", kinds)
                                        + ")");
                    }
                    keep = keep.and(p -> p.kind().label().equals(value));
                }
                case "--sort" ->
                        order =
                                switch (value) {
                                    case "pid" ->
                                            java.util.Comparator.comparingLong(ProcessInfo::pid);
                                    case "name" ->
                                            java.util.Comparator.comparing(ProcessInfo::name)
                                                    .thenComparingLong(ProcessInfo::pid);
                                    case "restarts" ->
                                            java.util.Comparator.comparingLong(
                                                            ProcessInfo::restarts)
                                                    .reversed()
                                                    .thenComparingLong(ProcessInfo::pid);
                                    case "msgs" ->
                                            java.util.Comparator.comparingLong(
                                                            ProcessInfo::messages)
                                                    .reversed()
                                                    .thenComparingLong(ProcessInfo::pid);
                                    case "uptime" ->
                                            java.util.Comparator.comparingLong(
                                                            ProcessInfo::startedAtMillis)
                                                    .thenComparingLong(ProcessInfo::pid);
                                    default ->
                                            throw new ShellException(
                                                    "ps: cannot sort by '"
                                                            + value
                                                            + "'; usage: ps "
                                                            + PS_USAGE);
                                };
                default ->
                        throw new ShellException(
                                "ps: unknown option '" + a + "'; usage: ps " + PS_USAGE);
            }
        }
        var filter = keep;
        var sort = order;
        return ctx.table()
                .list()
                .thenApply(all -> formatPs(all.stream().filter(filter).sorted(sort).toList()));
    }

    static String formatPs(List<ProcessInfo> procs) {
        var out = new StringBuilder();
        String row = "%-6s %-10s %-7s %-10s %-10s %-8s %-9s %-16s %-8s %s%n";
        out.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "PID",
                        "NAME",
                        "KIND",
                        "STATE",
                        "POLICY",
                        "RESTARTS",
                        "MSGS",
                        "CAPS",
                        "UPTIME",
                        "INFO"));
        long now = System.currentTimeMillis();
        for (ProcessInfo p : procs) {
            String uptime =
                    p.state().isFinal()
                            ? "-"
                            : Format.duration(Duration.ofMillis(now - p.startedAtMillis()));
            String info =
                    p.state().isFinal()
                            ? p.exitReason()
                            : p.lastFailure().isEmpty() ? "" : "last: " + p.lastFailure();
            out.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            p.pid(),
                            p.name(),
                            p.kind().label(),
                            p.state().label(),
                            p.restartPolicy(),
                            p.restarts(),
                            p.messages(),
                            p.caps().isEmpty() ? "-" : String.join(",", p.caps()),
                            uptime,
                            info));
        }
        return out.toString().stripTrailing();
    }

    private static CompletionStage<String> kill(ShellContext ctx, List<String> args) {
        Args.count("kill", "PID", args, 1, 1);
        long pid = Args.pid("kill", args.get(0));
        return ctx.table()
                .kill(pid)
                .thenApply(r ->
                        switch (r) {
                            case ProcessShard.KillDone d ->
                                    "killed pid " + pid + " (" + d.info().name() + ")";
                            case ProcessShard.KillRejected x ->
                                    throw new ShellException(
                                            "kill: "
                                                    + x.reason()
                                                    + " (type 'ps' to list processes)");
                        });
    }

    private static CompletionStage<String> send(ShellContext ctx, List<String> args) {
        if (args.size() < 2) {
            throw new ShellException(
                    "send: missing argument; usage: send PID TEXT (quote TEXT with spaces: send 7"
                            + " 'two words')");
        }
        long pid = Args.pid("send", args.get(0));
        String text = String.join(" ", args.subList(1, args.size()));
        return ctx.table()
                .send(pid, new Text(text))
                .thenApply(d ->
                        switch (d) {
                            case DELIVERED -> "sent to pid " + pid;
                            case NO_PROCESS ->
                                    throw new ShellException(
                                            "send: no process "
                                                    + pid
                                                    + " (type 'ps' to list processes)");
                            case NOT_RUNNING ->
                                    throw new ShellException(
                                            "send: process "
                                                    + pid
                                                    + " is not running now (see 'ps')");
                        });
    }

    private static CompletionStage<String> reap(ShellContext ctx, List<String> args) {
        Args.count("reap", "", args, 0, 0);
        return ctx.table()
                .reap()
                .thenApply(n -> "reaped " + n + (n == 1 ? " process" : " processes"));
    }

    /** A hidden program that throws while it starts. */
    static final Program CRASH =
            new Program() {
                public String name() {
                    return "crash";
                }

                public String summary() {
                    return "throws at once";
                }

                public boolean listed() {
                    return false;
                }

                public Behavior<ProcessMessage> create(ProcessContext ctx) {
                    throw new IllegalStateException("crash requested from the shell");
                }
            };

    private static CompletionStage<String> crash(ShellContext ctx, List<String> args) {
        Args.count("crash", "", args, 0, 0);
        long pid = ctx.table().spawn(SpawnSpec.of(CRASH, List.of()));
        return ctx.table()
                .awaitExit(pid, Duration.ofSeconds(10))
                .thenApply(info -> {
                    ProcessInfo p =
                            info.orElseThrow(
                                    () -> new ShellException("crash: pid " + pid + " vanished"));
                    if (p.state() != ProcessState.CRASHED) {
                        throw new ShellException(
                                "crash: pid "
                                        + pid
                                        + " ended "
                                        + p.state().label()
                                        + ", not crashed");
                    }
                    return "crash: pid "
                            + pid
                            + " crashed ("
                            + p.exitReason()
                            + "); the kernel survived";
                });
    }

    private static CompletionStage<String> stress(ShellContext ctx, List<String> args) {
        Args.count("stress", "N", args, 1, 1);
        int n = Args.positiveInt("stress", args.get(0), STRESS_MAX);
        return StressRun.spawn(ctx.board(), ctx.table(), n)
                .orTimeout(5, java.util.concurrent.TimeUnit.MINUTES)
                .thenApply(StressRun.Result::describe);
    }
}
