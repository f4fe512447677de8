package honk.actors.shell;

import static honk.actors.kernel.BootedKernel.WAIT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Props;

import honk.actors.SpawnSpec;
import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.PromptGate;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expected failures reach the console as one line that names what failed and why; stack traces go
 * to the kernel log, where {@code log --verbose} shows them and {@code log} does not. Covered: a
 * crashing process ({@code crash}), a process the shell started crashing later ({@code run
 * crasher}, {@code send $! boom}), and a command failing with an exception no command expects.
 */
@Timeout(60)
class FailuresAreOneLineTest {
    private static BootedKernel k;

    @BeforeAll
    static void boot() throws Exception {
        k = BootedKernel.boot(2);
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    private static boolean frame(String line) {
        return line.strip().startsWith("at ");
    }

    /** The lines of {@code log} output from the entry ending in {@code text} to the next entry. */
    private static List<String> entry(List<String> log, String text) {
        int at = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith("#") && log.get(i).endsWith(text)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "no entry '" + text + "' in " + log);
        int end = at + 1;
        while (end < log.size() && !log.get(end).startsWith("#")) {
            end++;
        }
        return log.subList(at, end);
    }

    @Test
    void aCrashIsOneLineOnTheConsoleAndItsTraceIsInTheVerboseLogOnly() throws Exception {
        int mark = k.console.size();
        List<String> out = k.sh("crash");
        assertEquals(1, out.size(), out.toString());
        Matcher m =
                Pattern.compile(
                                "crash: pid (\\d+) crashed \\(IllegalStateException: crash"
                                        + " requested from the shell\\); the kernel survived")
                        .matcher(out.getFirst());
        assertTrue(m.matches(), out.getFirst());
        String crashed =
                "pid "
                        + m.group(1)
                        + " crash crashed: IllegalStateException: crash requested from the shell";

        List<String> plain =
                Eventually.await(
                        "the log has the crash",
                        WAIT,
                        () -> k.sh("log 50"),
                        l -> l.stream().anyMatch(line -> line.endsWith(crashed)));
        assertEquals(List.of(entry(plain, crashed).getFirst()), entry(plain, crashed));
        assertTrue(plain.stream().noneMatch(FailuresAreOneLineTest::frame), plain.toString());
        assertTrue(
                k.console.linesFrom(mark).stream().noneMatch(FailuresAreOneLineTest::frame),
                "no stack trace reached the console: " + k.console.linesFrom(mark));

        List<String> verbose = entry(k.sh("log 50 --verbose"), crashed);
        assertEquals(
                "java.lang.IllegalStateException: crash requested from the shell",
                verbose.get(1).strip());
        assertTrue(verbose.size() > 3, verbose.toString());
        assertTrue(
                verbose.subList(2, verbose.size()).stream()
                        .allMatch(l -> frame(l) || l.strip().startsWith("...")),
                verbose.toString());
        assertTrue(
                verbose.stream().anyMatch(l -> l.contains("ProcessCommands")),
                "the frames name where it was thrown: " + verbose);
    }

    @Test
    void aProcessTheShellStartedPrintsOneLineWhenItCrashes() throws Exception {
        List<String> started = k.sh("run crasher");
        long pid = Long.parseLong(started.getFirst().replaceAll("\\D+", " ").trim());
        int mark = k.console.size();
        assertTrue(k.sh("send $! boom").contains("sent to pid " + pid));
        k.console.awaitLine(
                mark, ("pid " + pid + " crasher crashed: CrashRequested: boom")::equals, WAIT);
        Eventually.await(
                "the log has the crash",
                WAIT,
                () -> k.sh("log 20"),
                l ->
                        l.stream()
                                .anyMatch(x ->
                                        x.endsWith(
                                                "pid "
                                                        + pid
                                                        + " crasher crashed: CrashRequested:"
                                                        + " boom")));
        assertEquals(
                1,
                k.console.linesFrom(mark).stream().filter(l -> l.startsWith("pid ")).count(),
                k.console.linesFrom(mark).toString());
    }

    @Test
    void aProcessTheShellDidNotStartCrashesSilentlyIntoTheLog() throws Exception {
        int mark = k.console.size();
        long pid = k.kernel.table().spawn(SpawnSpec.of(ProcessCommands.CRASH, List.of()));
        String crashed = "pid " + pid + " crash crashed: IllegalStateException";
        Eventually.await(
                "the log has the crash",
                WAIT,
                () -> k.sh("log 20"),
                l -> l.stream().anyMatch(x -> x.contains(crashed)));
        assertTrue(
                k.console.linesFrom(mark).stream().noneMatch(l -> l.startsWith("pid " + pid + " ")),
                k.console.linesFrom(mark).toString());
    }

    @Test
    void aCommandFailingUnexpectedlyIsOneLineAndItsTraceGoesToTheLog() throws Exception {
        var oops =
                ShellCommand.of(
                                "oops",
                                "",
                                "fails as a bug would",
                                (ctx, args) -> {
                                    throw new IllegalStateException("the widget is missing");
                                })
                        .withExample("oops", "fails");
        var shell =
                k.system.systemActorOf(
                        Shell.create(
                                ShellServices.context(k.kernel, new Jobs()),
                                new PromptGate(),
                                () -> false,
                                () -> false,
                                ShellCommands.of(List.of(oops))),
                        "shell-with-a-bug",
                        Props.empty());
        int mark = k.console.size();
        shell.tell(new Shell.Line("oops"));
        String line = k.console.awaitLine(mark, l -> l.startsWith("oops"), WAIT);
        assertEquals("oops: the widget is missing (details: log --verbose)", line);

        String logged = "shell: 'oops' failed: IllegalStateException: the widget is missing";
        List<String> plain =
                Eventually.await(
                        "the log has the failure",
                        WAIT,
                        () -> k.sh("log 50"),
                        l -> l.stream().anyMatch(x -> x.endsWith(logged)));
        assertFalse(plain.stream().anyMatch(FailuresAreOneLineTest::frame), plain.toString());
        List<String> verbose = entry(k.sh("log 50 --verbose"), logged);
        assertEquals(
                "java.lang.IllegalStateException: the widget is missing", verbose.get(1).strip());
        assertTrue(verbose.stream().anyMatch(FailuresAreOneLineTest::frame), verbose.toString());
        assertTrue(
                k.console.linesFrom(mark).subList(0, 1).stream()
                        .noneMatch(FailuresAreOneLineTest::frame));
    }

    @Test
    void anExpectedRefusalIsOneLineWithoutAPointerToTheLog() {
        assertEquals(
                "kill: no such thing",
                Shell.render("kill", null, new ShellException("kill: no such thing")));
        assertEquals(
                "run: unknown restart policy 'x'",
                Shell.render(
                        "run",
                        null,
                        new java.util.concurrent.CompletionException(
                                new IllegalArgumentException("unknown restart policy 'x'"))));
        assertFalse(Shell.unexpected(new IllegalArgumentException("x")));
        assertTrue(Shell.unexpected(new NullPointerException()));
        assertEquals(
                "ls: NullPointerException (details: log --verbose)",
                Shell.render("ls", null, new NullPointerException()));
    }
}
