package honk.actors.shell;

import static honk.actors.kernel.BootedKernel.WAIT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.ConsoleDriver;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell end to end: the whole tree booted on the fake board, every command's happy path and its
 * errors, read back from the recording console exactly as a user would see them.
 */
@Timeout(60)
class ShellTest {
    private static BootedKernel k;

    @BeforeAll
    static void boot() throws Exception {
        k = BootedKernel.boot(2);
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    /** Runs a command that prints exactly one line, and returns it. */
    private static String one(String line) throws Exception {
        var out = k.sh(line);
        assertEquals(1, out.size(), "'" + line + "' printed " + out);
        return out.get(0);
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue(Pattern.matches(regex, actual), "expected /" + regex + "/ but got: " + actual);
    }

    private static final Pattern STARTED = Pattern.compile("run: started (\\S+) as pid (\\d+)");

    /** Runs {@code run ...} and returns the new PID. */
    private static long run(String args) throws Exception {
        String out = one("run " + args);
        Matcher m = STARTED.matcher(out);
        assertTrue(m.matches(), out);
        return Long.parseLong(m.group(2));
    }

    /**
     * The words of {@code ps}'s row for {@code pid}: PID NAME KIND STATE POLICY RESTARTS MSGS CAPS
     * UPTIME INFO...
     */
    private static List<String> psRow(long pid) throws Exception {
        var out = k.sh("ps");
        for (String row : out.subList(1, out.size())) {
            var words = Arrays.asList(row.trim().split("\\s+"));
            if (words.get(0).equals(Long.toString(pid))) {
                return words;
            }
        }
        return List.of();
    }

    /** Polls {@code ps} until the row of {@code pid} has {@code state}. */
    private static List<String> awaitPsState(long pid, String state) throws Exception {
        return Eventually.await(
                "pid " + pid + " is " + state + " in ps",
                WAIT,
                () -> psRow(pid),
                row -> row.size() >= 4 && row.get(3).equals(state));
    }

    // ---- help, harts, uptime, mem, echo

    @Test
    void helpWithACommandGivesItsUsageWhatItDoesAndExamples() throws Exception {
        assertEquals(
                List.of(
                        "usage: kill PID",
                        "  stop a process; it stays listed as killed until reap",
                        "examples:",
                        "  kill $!  stop the process started last",
                        "  kill 42  stop process 42"),
                k.sh("help kill"));
        assertEquals(
                List.of("help: no command 'frob' (type 'help' for the list)"), k.sh("help frob"));
        assertEquals(
                List.of("help: too many arguments; usage: help [COMMAND]"), k.sh("help kill ps"));
    }

    @Test
    void helpListsEveryCommandWithItsSynopsis() throws Exception {
        var out = k.sh("help");
        assertEquals("commands:", out.get(0));
        var names = new TreeSet<String>();
        for (String line : out.subList(1, out.size())) {
            assertTrue(line.startsWith("  "), line);
            names.add(line.trim().split("\\s+")[0]);
        }
        assertEquals(
                new TreeSet<>(
                        Set.of(
                                "crash", "devices", "echo", "exit", "fault", "harts", "help",
                                "kill", "log", "mem", "panic", "ps", "reap", "run", "send",
                                "stress", "tree", "uptime")),
                names);
        assertTrue(
                out.stream()
                        .anyMatch(l ->
                                l.startsWith("  kill PID ")
                                        && l.endsWith("it stays listed as killed until reap")),
                out.toString());
    }

    @Test
    void devicesListsWhatTheBoardFoundWithTheirDrivers() throws Exception {
        var lines = k.sh("devices");
        assertEquals(3, lines.size(), lines.toString());
        assertMatches("BUS\\s+ADDRESS\\s+NAME\\s+ID\\s+DRIVER", lines.get(0));
        assertMatches("dt\\s+10000000\\s+serial\\s+ns16550a\\s+serial8250", lines.get(1));
        assertMatches("pci\\s+0000:00:01.0\\s+pvpanic\\s+1b36:0011\\s+-", lines.get(2));
        assertEquals("devices: too many arguments; usage: devices", one("devices all").strip());
    }

    @Test
    void hartsReportsTheBoardsHartsAndTheShards() throws Exception {
        assertMatches(
                "harts: 2 online; dispatcher parallelism \\d+; process-table shards 2; this command"
                        + " ran on hart [01]",
                one("harts"));
        assertEquals("harts: too many arguments; usage: harts", one("harts now").strip());
    }

    @Test
    void uptimeReportsTheTimeSinceBoot() throws Exception {
        assertMatches("up \\S+ \\(since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)", one("uptime"));
        assertEquals("uptime: too many arguments; usage: uptime", one("uptime -p").strip());
    }

    @Test
    void memReportsTheHeapAndTheBoardsRam() throws Exception {
        var out = k.sh("mem");
        assertEquals(3, out.size(), out.toString());
        assertMatches(
                "heap:     used [0-9.]+ \\S+, committed [0-9.]+ \\S+, max [0-9.]+ \\S+",
                out.get(0));
        assertMatches("non-heap: used [0-9.]+ \\S+", out.get(1));
        assertEquals("ram:      total 512.0 MiB, available 384.0 MiB", out.get(2));
        assertEquals("mem: too many arguments; usage: mem", one("mem -h").strip());
    }

    @Test
    void echoPrintsItsWordsJoinedBySpaces() throws Exception {
        assertEquals("a b  c d", one("echo a   'b  c' \"d\""));
        assertEquals(List.of(), k.sh("echo"));
    }

    // ---- run

    @Test
    void runAloneListsTheProgramsWithUsageAndSummary() throws Exception {
        var out = k.sh("run");
        assertEquals(
                List.of("crasher", "idle", "ping", "pong", "ticker"),
                out.stream().map(l -> l.split("\\s+")[0]).toList());
        assertTrue(
                out.stream()
                        .anyMatch(l ->
                                l.startsWith("ticker")
                                        && l.contains("[INTERVAL_MS] [COUNT]")
                                        && l.endsWith(
                                                "print a tick every INTERVAL_MS (needs console)")),
                out.toString());
    }

    @Test
    void runStartsAProcessThatPsShowsRunningWithItsDefaults() throws Exception {
        long pid = run("idle");
        var row = psRow(pid);
        assertEquals(
                List.of(Long.toString(pid), "idle", "native", "running", "never", "0", "0", "-"),
                row.subList(0, 8));
    }

    @Test
    void runTakesARestartPolicyAndCapabilities() throws Exception {
        long always = run("idle --restart=always");
        assertEquals("always", psRow(always).get(4));
        long capable = run("idle --caps=console,procs --restart=on-failure");
        var row = psRow(capable);
        assertEquals("on-failure", row.get(4));
        assertEquals("console,procs", row.get(7));
    }

    @Test
    void runGrantsWhatTheProgramRequestsUnlessToldOtherwise() throws Exception {
        int mark = k.console.size();
        long ticker = run("ticker 20 2");
        k.console.awaitLine(mark, ("tick 2 (pid " + ticker + ")")::equals, WAIT);
        var row = awaitPsState(ticker, "stopped");
        assertEquals("console", row.get(7));
        assertEquals("exited normally", String.join(" ", row.subList(9, row.size())));

        mark = k.console.size();
        // the line for its crash may come with run's own answer
        String started = k.sh("run ticker 20 --caps=none").getFirst();
        Matcher m = STARTED.matcher(started);
        assertTrue(m.matches(), started);
        long muted = Long.parseLong(m.group(2));
        // a process the shell started: its crash is one line on the console, the trace is logged
        k.console.awaitLine(
                mark,
                ("pid "
                                + muted
                                + " ticker crashed: CapabilityDeniedException: process "
                                + muted
                                + " (ticker) was not granted the console capability (grant it at"
                                + " start: --caps=console) (details: log --verbose)")
                        ::equals,
                WAIT);
        var crashed = awaitPsState(muted, "crashed");
        assertEquals("-", crashed.get(7));
        assertTrue(
                String.join(" ", crashed)
                        .contains(
                                "CapabilityDeniedException: process "
                                        + muted
                                        + " (ticker) was not granted the console capability"),
                crashed.toString());
    }

    @Test
    void runRejectsUnknownProgramsPoliciesAndCapabilities() throws Exception {
        assertEquals("run: no program 'nope' (type 'run' to list the programs)", one("run nope"));
        assertEquals("run: no program 'crash' (type 'run' to list the programs)", one("run crash"));
        assertEquals(
                "run: unknown restart policy 'sometimes' (use never|on-failure|always)",
                one("run idle --restart=sometimes"));
        assertEquals(
                "run: unknown capability 'disk' (known: console, procs)",
                one("run idle --caps=console,disk"));
    }

    // ---- ps, kill

    @Test
    void psFiltersByStateAndKindAndSortsByTheKeyNamed() throws Exception {
        long killed = run("idle");
        one("kill " + killed);
        long ticker = run("ticker 60000");
        var onlyKilled = k.sh("ps --state=killed");
        assertTrue(onlyKilled.get(0).startsWith("PID "), onlyKilled.toString());
        var states =
                onlyKilled.subList(1, onlyKilled.size()).stream()
                        .map(l -> l.trim().split("\\s+")[3])
                        .distinct()
                        .toList();
        assertEquals(List.of("killed"), states, onlyKilled.toString());
        assertTrue(
                onlyKilled.stream().anyMatch(l -> l.startsWith(killed + " ")),
                onlyKilled.toString());
        assertTrue(
                onlyKilled.stream().noneMatch(l -> l.startsWith(ticker + " ")),
                onlyKilled.toString());
        var byName =
                k.sh("ps --kind=native --sort=name").stream()
                        .skip(1)
                        .map(l -> l.trim().split("\\s+")[1])
                        .toList();
        assertEquals(byName.stream().sorted().toList(), byName);
        assertEquals(
                List.of(
                        "ps: no state 'sleepy' (states: running, restarting, stopped, crashed,"
                                + " killed, failed)"),
                k.sh("ps --state=sleepy"));
        assertEquals(
                List.of("ps: cannot sort by 'size'; usage: ps " + ProcessCommands.PS_USAGE),
                k.sh("ps --sort=size"));
        assertEquals(
                List.of("ps: unknown option 'all'; usage: ps " + ProcessCommands.PS_USAGE),
                k.sh("ps all"));
        one("kill " + ticker);
    }

    @Test
    void psPrintsAHeaderThenOneRowPerProcess() throws Exception {
        long pid = run("idle");
        var out = k.sh("ps");
        assertTrue(out.get(0).startsWith("PID "), out.get(0));
        assertEquals(
                List.of(
                        "PID",
                        "NAME",
                        "KIND",
                        "STATE",
                        "POLICY",
                        "RESTARTS",
                        "MSGS",
                        "CAPS",
                        "UPTIME",
                        "INFO"),
                Arrays.asList(out.get(0).trim().split("\\s+")));
        assertTrue(out.stream().anyMatch(l -> l.startsWith(pid + " ")), out.toString());
        assertEquals(
                "ps: unknown option '-ef'; usage: ps " + ProcessCommands.PS_USAGE,
                one("ps -ef").strip());
    }

    @Test
    void killStopsAProcessThatStaysListedAsKilled() throws Exception {
        long pid = run("idle");
        assertEquals("killed pid " + pid + " (idle)", one("kill " + pid));
        var row = psRow(pid);
        assertEquals("killed", row.get(3));
        assertEquals("killed", row.get(row.size() - 1));
        assertEquals(
                "kill: process "
                        + pid
                        + " has already ended (killed) (type 'ps' to list processes)",
                one("kill " + pid));
    }

    @Test
    void killRejectsUnknownPidsNonNumbersAndMissingArguments() throws Exception {
        assertEquals("kill: no process 999999 (type 'ps' to list processes)", one("kill 999999"));
        assertEquals("kill: 'abc' is not a PID (a positive number from 'ps')", one("kill abc"));
        assertEquals("kill: '0' is not a PID (a positive number from 'ps')", one("kill 0"));
        assertEquals("kill: missing argument; usage: kill PID", one("kill"));
        assertEquals("kill: too many arguments; usage: kill PID", one("kill 1 2"));
    }

    // ---- send

    @Test
    void sendDeliversTextAndBoomCrashesACrasherThatIsRestarted() throws Exception {
        long pid = run("crasher --restart=on-failure");
        // the crasher prints from its own actor: its line may land before or after the shell's
        int mark = k.console.size();
        assertTrue(k.sh("send " + pid + " hello").contains("sent to pid " + pid));
        k.console.awaitLine(mark, ("crasher " + pid + " got: hello")::equals, WAIT);

        mark = k.console.size();
        assertTrue(
                k.sh("send " + pid + " \"two  words\" and 'single quoted'")
                        .contains("sent to pid " + pid));
        k.console.awaitLine(
                mark, ("crasher " + pid + " got: two  words and single quoted")::equals, WAIT);

        mark = k.console.size();
        assertTrue(k.sh("send " + pid + " boom").contains("sent to pid " + pid));
        // one line on the console; a CrashRequested carries no trace, so no pointer to one
        k.console.awaitLine(
                mark, ("pid " + pid + " crasher crashed: CrashRequested: boom")::equals, WAIT);
        var row =
                Eventually.await(
                        "the crasher is restarted after boom",
                        WAIT,
                        () -> psRow(pid),
                        r -> r.get(3).equals("running") && r.get(5).equals("1"));
        assertEquals("last: CrashRequested: boom", String.join(" ", row.subList(9, row.size())));
        assertEquals("3", row.get(6), "three messages handled: hello, two words, boom");
    }

    @Test
    void sendRejectsMissingProcessesStoppedProcessesAndBadArguments() throws Exception {
        assertEquals(
                "send: no process 999999 (type 'ps' to list processes)", one("send 999999 hi"));
        long pid = run("idle");
        one("kill " + pid);
        assertEquals(
                "send: process " + pid + " is not running now (see 'ps')",
                one("send " + pid + " hi"));
        String usage =
                "send: missing argument; usage: send PID TEXT (quote TEXT with spaces: send 7 'two"
                        + " words')";
        assertEquals(usage, one("send"));
        assertEquals(usage, one("send " + pid));
        assertEquals("send: 'x' is not a PID (a positive number from 'ps')", one("send x hi"));
    }

    // ---- crash, reap

    @Test
    void crashSpawnsAProcessThatCrashesWhileTheKernelSurvives() throws Exception {
        String out = one("crash");
        assertMatches(
                "crash: pid \\d+ crashed \\(IllegalStateException: crash requested from the"
                        + " shell\\); the kernel survived",
                out);
        long pid = Long.parseLong(out.split(" ")[2]);
        assertEquals("crashed", psRow(pid).get(3));
        assertEquals("still here", one("echo still here"));
        assertEquals("crash: too many arguments; usage: crash", one("crash hard").strip());
    }

    @Test
    void reapForgetsEndedProcessesAndKeepsRunningOnes() throws Exception {
        long ended = run("idle");
        long running = run("idle");
        one("kill " + ended);
        assertMatches("reaped \\d+ process(es)?", one("reap"));
        assertEquals(List.of(), psRow(ended));
        assertEquals("running", psRow(running).get(3));
        assertEquals("reaped 0 processes", one("reap"));
        assertEquals("reap: too many arguments; usage: reap", one("reap all").strip());
    }

    // ---- fault

    @Test
    void faultAloneListsTheSystemServices() throws Exception {
        assertEquals("services: log console shell", one("fault"));
    }

    @Test
    void faultConsoleRestartsTheDriverAndInputStillReachesTheShell() throws Exception {
        assertMatches(
                "fault: console crashed and was restarted by its supervisor \\(restarts=\\d+\\);"
                        + " the shell kept working",
                one("fault console"));
        int mark = k.console.size();
        k.kernel.consoleDriver().tell(new ConsoleDriver.Input("echo through the new driver\n"));
        k.console.awaitLine(mark, "through the new driver"::equals, WAIT);
        assertEquals("still answering", one("echo still answering"));
    }

    @Test
    void faultShellRestartsTheShellWhichAnswersAfterwards() throws Exception {
        int mark = k.console.size();
        k.tell("fault shell");
        k.console.awaitLine(
                mark, "fault: crashing the shell; its supervisor starts a new one"::equals, WAIT);
        k.console.awaitLine(mark, "shell: restarted by its supervisor"::equals, WAIT);
        // a line told to the old shell as it died is lost with it: poll until the new one answers
        var probes = new AtomicInteger();
        Eventually.await(
                "the restarted shell answers",
                WAIT,
                () -> {
                    k.tell("echo alive-" + probes.getAndIncrement());
                    return k.console.linesFrom(mark);
                },
                lines -> lines.stream().anyMatch(l -> l.startsWith("alive-")));
        k.sh("echo alive-last"); // drains the probes still queued behind it
        assertEquals("after the fault", one("echo after the fault"));
        assertTrue(
                k.sh("tree").stream()
                        .anyMatch(l -> l.matches("│  └─ shell +running +restarts=[1-9]\\d*.*")));
    }

    @Test
    void faultRejectsAnUnknownServiceAndExtraArguments() throws Exception {
        assertEquals("fault: no service 'disk' (services: log, console, shell)", one("fault disk"));
        assertEquals("fault: too many arguments; usage: fault [SERVICE]", one("fault log shell"));
    }

    // ---- stress

    @Test
    void stressRunsTenThousandProcessesAcrossTheHartsAndLeavesNoneBehind() throws Exception {
        assertMatches(
                "stress: 10000 processes ran on (2/2 harts \\[0 1\\]|1/2 harts \\[[01]\\]) in"
                        + " [0-9.]+ ms \\([0-9.]+ us/process: spawn \\+ message \\+ exit, as"
                        + " scripts/bench procs measures it warmed up\\)(; the run ended before the"
                        + " other harts' threads took work \\(a larger N spreads it\\))?",
                one("stress 10000"));
        // stress reports when the last probe has run; its shard drops the record right after
        Eventually.await(
                "no stress process is left in the table",
                WAIT,
                () ->
                        k
                                .kernel
                                .table()
                                .list()
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                                .stream()
                                .filter(p -> p.name().equals("stress"))
                                .count(),
                left -> left == 0);
        assertTrue(k.sh("ps").stream().noneMatch(l -> l.contains(" stress ")));
    }

    @Test
    void stressRejectsCountsThatAreNotPositiveNumbers() throws Exception {
        assertEquals("stress: '0' must be a whole number from 1 to 1000000", one("stress 0"));
        assertEquals("stress: '-5' must be a whole number from 1 to 1000000", one("stress -5"));
        assertEquals("stress: 'many' must be a whole number from 1 to 1000000", one("stress many"));
        assertEquals(
                "stress: '1000001' must be a whole number from 1 to 1000000",
                one("stress 1000001"));
        assertEquals("stress: missing argument; usage: stress N", one("stress"));
    }

    // ---- tree, log

    @Test
    void treeShowsTheSystemServicesAndTheProcessesByShard() throws Exception {
        long pid = run("idle");
        var out = k.sh("tree");
        assertEquals("honk (guardian)", out.get(0));
        assertEquals("├─ system  [supervisor, one_for_one, 10 restarts in 10000 ms]", out.get(1));
        for (String service : List.of("log", "console", "shell")) {
            assertTrue(
                    out.stream()
                            .anyMatch(l ->
                                    l.matches(
                                            "│  [├└]─ " + service + " +running +restarts=\\d+.*")),
                    service + " missing from " + out);
        }
        assertTrue(
                out.stream()
                        .anyMatch(l ->
                                l.matches(
                                        "└─ procs  \\[process table, 2 shards, \\d+ processes\\]")),
                out.toString());
        int shard = out.indexOf("   " + (pid % 2 == 0 ? "├" : "└") + "─ shard-" + (pid % 2));
        assertTrue(shard > 0, out.toString());
        assertTrue(
                out.stream()
                        .anyMatch(l ->
                                l.matches(".*[├└]─ " + pid + "-idle  running restarts=0 msgs=0")),
                out.toString());
        assertEquals("tree: too many arguments; usage: tree", one("tree -a").strip());
    }

    @Test
    void logShowsTheNewestKernelLogLines() throws Exception {
        long pid = run("idle");
        String spawned = "pid " + pid + " idle spawned";
        List<String> out =
                Eventually.await(
                        "the kernel log shows '" + spawned + "'",
                        WAIT,
                        () -> k.sh("log 5"),
                        o -> o.stream().anyMatch(l -> l.endsWith(" " + spawned)));
        assertTrue(out.size() <= 5, out.toString());
        for (String line : out) {
            assertMatches("#\\d+ \\d\\d:\\d\\d:\\d\\d\\.\\d{3} .+", line);
        }
        assertTrue(k.sh("log").size() <= 20);
        assertEquals("log: '0' must be a whole number from 1 to 4096", one("log 0"));
        assertEquals("log: too many arguments; usage: log [N] [--verbose]", one("log 1 2"));
        assertEquals("log: unknown option '--all'; usage: log [N] [--verbose]", one("log --all"));
    }

    // ---- line handling

    @Test
    void anUnknownCommandIsNamedWithAHint() throws Exception {
        assertEquals(
                "unknown command 'frobnicate' (type 'help' for the list)", one("frobnicate --now"));
    }

    @Test
    void anEmptyOrBlankLinePrintsNothing() throws Exception {
        assertEquals(List.of(), k.sh(""));
        assertEquals(List.of(), k.sh("   \t "));
    }

    @Test
    void anUnterminatedQuoteIsReportedAndTheShellCarriesOn() throws Exception {
        assertEquals("unterminated single quote: close it with '", one("echo 'oops"));
        assertEquals("fine", one("echo fine"));
    }

    @Test
    void exitTakesNoArguments() throws Exception {
        assertEquals("exit: too many arguments; usage: exit", one("exit now").strip());
    }

    // ---- exit, panic: each on a kernel of its own, since they end it

    @Test
    void exitShutsDownCleanlyWithStatusZero() throws Exception {
        try (var own = BootedKernel.boot(1)) {
            int mark = own.console.size();
            own.tell("exit");
            own.console.awaitLine(mark, "honk: shutting down"::equals, WAIT);
            assertEquals(0, own.awaitHalt());
            assertEquals(Integer.valueOf(0), own.kernel.requestedExitStatus());
            assertTrue(own.system.getWhenTerminated().toCompletableFuture().isDone());
            assertNull(own.panic.get(), "a clean exit is not a panic");
        }
    }

    @Test
    void panicFailsTheGuardianReportsTheCauseAndHaltsWithAFailure() throws Exception {
        try (var own = BootedKernel.boot(1)) {
            own.tell("panic disk on fire");
            int status = own.awaitHalt();
            assertTrue(status != 0, "a panic halts with a failure status");
            assertEquals("panic requested: disk on fire", own.panic.get().getMessage());
            assertNull(own.kernel.requestedExitStatus());
            assertTrue(own.system.getWhenTerminated().toCompletableFuture().isDone());
        }
    }
}
