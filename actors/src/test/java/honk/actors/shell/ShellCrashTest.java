package honk.actors.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.ConsoleDriver;
import honk.actors.kernel.Init;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/**
 * A real crash of the shell on a whole kernel. The shell turns whatever a command throws or fails
 * with into a one-line error, but a {@link Shell.Line} with no text throws in the shell's own
 * parsing, outside that net. {@code system} reports it, waits out the backoff and restarts the
 * shell in place (the same actor and mailbox); lines queued behind the crash or sent meanwhile,
 * straight to the shell or typed at the console, are run by the restarted shell in order.
 */
@Timeout(90)
class ShellCrashTest {
    private static final Duration WAIT = BootedKernel.WAIT;

    private BootedKernel k;
    private Reports reports;

    @BeforeEach
    void boot() throws Exception {
        k = BootedKernel.boot(2);
        reports = Reports.subscribe(k.system, WAIT);
    }

    @AfterEach
    void halt() throws Exception {
        k.close();
    }

    @Test
    void aLineWithoutTextCrashesTheShellAndLinesSentWhileItRestartsAreRunInOrder()
            throws Exception {
        assertEquals(List.of("before the crash"), k.sh("echo before the crash"));
        int mark = k.console.size();
        k.shell.tell(new Shell.Line(null)); // no text to split: throws inside the shell
        k.shell.tell(
                new Shell.Line("echo queued behind the crash")); // in its mailbox as it crashes
        var crashed = reports.await("system", "shell", "child_terminated");
        assertTrue(
                crashed.reason().startsWith("NullPointerException: ")
                        && crashed.reason().contains("String.length()"),
                crashed.reason());
        k.shell.tell(new Shell.Line("echo sent while the shell restarts"));
        k.kernel
                .consoleDriver()
                .tell(new ConsoleDriver.Input("echo typed while the shell restarts\n"));
        var restarted = reports.await("system", "shell", "child_restarted");
        int back = k.console.awaitIndex(mark, "shell: restarted by its supervisor"::equals, WAIT);
        int behind = k.console.awaitIndex(mark, "queued behind the crash"::equals, WAIT);
        int sent = k.console.awaitIndex(mark, "sent while the shell restarts"::equals, WAIT);
        int typed = k.console.awaitIndex(mark, "typed while the shell restarts"::equals, WAIT);
        assertTrue(
                back < behind && behind < sent && sent < typed,
                "the shell, restarted in place, runs the queued and held lines in order: "
                        + k.console.linesFrom(mark));

        assertEquals("restart 1", restarted.reason());
        long backoff = Init.SERVICE_BACKOFF.min().toMillis();
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= backoff,
                "restarted "
                        + (restarted.atMillis() - crashed.atMillis())
                        + " ms after its crash, before its backoff of "
                        + backoff
                        + " ms");
        k.assertRestartedOnce("shell", crashed.reason(), 50);
        assertEquals(List.of("still here"), k.sh("echo still here"));
    }

    @Test
    void aLineWaitingBehindTheCommandTheShellCrashedInStillRunsAndThatCommandsOutputIsDropped()
            throws Exception {
        int mark = k.console.size();
        k.tell("fault shell"); // the command's result reaches the restarted shell's mailbox
        k.tell("echo stashed behind the fault"); // waits behind the running command, in the
        // shell's stash
        reports.await("system", "shell", "child_restarted");
        k.console.awaitIndex(mark, "stashed behind the fault"::equals, WAIT);
        assertEquals(
                List.of("after"),
                k.sh("echo after"),
                "the next command prints exactly its own output");
        assertEquals(
                List.of(),
                k.console.linesFrom(mark).stream()
                        .filter(l -> l.contains("crashed and was restarted"))
                        .toList(),
                "the old incarnation's result is dropped with it: " + k.console.linesFrom(mark));
    }
}
