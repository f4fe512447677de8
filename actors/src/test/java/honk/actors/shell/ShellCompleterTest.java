package honk.actors.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.LineCompleter;
import honk.actors.kernel.LineCompleter.Candidate;
import honk.actors.kernel.LineCompleter.Completion;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion as the consoles get it: the completer the shell's service provides on a kernel
 * booted on the fakes, asked about lines as a person types them.
 */
@Timeout(60)
class ShellCompleterTest {
    private static BootedKernel k;
    private static LineCompleter completer;

    @BeforeAll
    static void boot() throws Exception {
        k = BootedKernel.boot(2);
        completer = k.kernel.registry().get(LineCompleter.class).orElseThrow();
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    /** The candidates' texts for Tab at the end of {@code line}. */
    private static List<String> texts(String line) {
        return complete(line).candidates().stream().map(Candidate::text).toList();
    }

    private static Completion complete(String line) {
        return completer.complete(line, line.length());
    }

    @Test
    void theFirstWordCompletesToCommandNames() {
        Completion c = complete("he");
        assertEquals(0, c.start());
        assertEquals(List.of(new Candidate("help", "help", true)), c.candidates());
        assertEquals(List.of("reap"), texts("  rea"), "leading blanks are not part of the word");
        List<String> all = texts("");
        assertTrue(all.containsAll(List.of("echo", "help", "kill", "ps", "run")), all.toString());
        assertEquals(List.of(), texts("nosuchcommand"));
    }

    @Test
    void runCompletesTheProgramsItLists() {
        assertEquals(List.of("crasher", "idle", "ping", "pong", "ticker"), texts("run "));
        Completion c = complete("run ti");
        assertEquals(4, c.start(), "the word after 'run ' is replaced");
        assertEquals(List.of(new Candidate("ticker", "ticker", true)), c.candidates());
        assertEquals(List.of(), texts("run ticker 5"), "only the program's name is a program name");
        assertEquals(List.of("ping", "pong"), texts("run p"));
        assertEquals("p", complete("run p").commonPrefix());
    }

    @Test
    void helpCompletesCommandNamesAndKillThePidsOfRunningProcesses() throws Exception {
        assertEquals(List.of("reap"), texts("help rea"));
        Matcher m =
                Pattern.compile("run: started idle as pid (\\d+)")
                        .matcher(k.sh("run idle").getFirst());
        assertTrue(m.matches());
        String pid = m.group(1);
        assertTrue(texts("kill ").contains(pid), texts("kill ").toString());
        assertTrue(texts("send ").contains(pid));
        assertEquals(List.of(), texts("send " + pid + " "), "the TEXT of send is free");
        k.sh("kill " + pid);
        Eventually.await(
                "a killed process is not offered",
                BootedKernel.WAIT,
                () -> texts("kill "),
                pids -> !pids.contains(pid));
    }

    @Test
    void theCursorDecidesWhichWordIsCompleted() {
        String line = "help rea && more";
        Completion c = completer.complete(line, "help rea".length());
        assertEquals(5, c.start());
        assertEquals(List.of("reap"), c.candidates().stream().map(Candidate::text).toList());
    }

    @Test
    void aWordBegunInQuotesIsCompletedInThem() {
        assertEquals(List.of("'reap'"), texts("help 're"));
        assertEquals(List.of("\"reap\""), texts("help \"re"));
        assertEquals(5, complete("help 're").start(), "the opening quote is part of the word");
    }

    private static ShellCommand command(String name, ArgumentCompleter completer) {
        return ShellCommand.of(name, "", "a test command", (ctx, args) -> "").completing(completer);
    }

    @Test
    void candidatesAreQuotedAndADirectoryTakesNoSpace() {
        var shell =
                new ShellCompleter(
                        null,
                        ShellCommands.of(
                                List.of(
                                        command(
                                                "open",
                                                (ctx, before, word) ->
                                                        CompletableFuture.completedFuture(
                                                                List.of(
                                                                        "/my files/",
                                                                        "/my notes.txt",
                                                                        "/other"))))));
        Completion c = shell.complete("open /my", 8);
        assertEquals(
                List.of(
                        new Candidate("/my\\ files/", "my files/", false),
                        new Candidate("/my\\ notes.txt", "my notes.txt", true)),
                c.candidates(),
                "only the values that begin with the word, sorted, shown by their last name");
        assertEquals("/my\\ ", c.commonPrefix());
        assertEquals(
                List.of(new Candidate("'/my notes.txt'", "my notes.txt", true)),
                shell.complete("open '/my n", 11).candidates());
    }

    @Test
    void aSlowOrFailingCompleterGivesNoCandidatesInsteadOfAnError() {
        var never = new CompletableFuture<List<String>>();
        var shell =
                new ShellCompleter(
                        null,
                        ShellCommands.of(
                                List.of(
                                        command("slow", (ctx, before, word) -> never),
                                        command(
                                                "broken",
                                                (ctx, before, word) ->
                                                        CompletableFuture.failedFuture(
                                                                new IllegalStateException("x"))),
                                        command(
                                                "throws",
                                                (ctx, before, word) -> {
                                                    throw new IllegalStateException("y");
                                                }))));
        long t0 = System.nanoTime();
        assertEquals(List.of(), shell.complete("slow a", 6).candidates());
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(
                waited >= ShellCompleter.BUDGET.toMillis() - 50 && waited < 5_000,
                "waited " + waited + " ms");
        assertEquals(List.of(), shell.complete("broken a", 8).candidates());
        assertEquals(List.of(), shell.complete("throws a", 8).candidates());
    }
}
