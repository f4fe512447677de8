package honk.actors.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.eventstream.EventStream;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.ConsoleDriver;
import honk.actors.kernel.Init;
import honk.supervision.SupervisorReport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real crash of the shell on a whole kernel. The shell turns whatever a command throws or fails
 * with into a one-line error, but a {@link Shell.Line} with no text throws in the shell's own
 * parsing, outside that net. {@code system} reports it, waits out the backoff and spawns the shell
 * again (it is restarted the OTP way, a new actor); lines sent meanwhile, straight to the shell or
 * typed at the console, are held by its handle and run by the new shell in order.
 */
@Timeout(90)
class ShellCrashTest {
    private static final Duration WAIT = BootedKernel.WAIT;

    private BootedKernel k;
    private TestProbe<SupervisorReport> reports;

    @BeforeEach
    void boot() throws Exception {
        k = BootedKernel.boot(2);
        reports = TestProbe.create(k.system);
        k.system
                .eventStream()
                .tell(new EventStream.Subscribe<>(SupervisorReport.class, reports.ref()));
        var marker = new SupervisorReport("marker", "none", "", "", 0);
        k.system.eventStream().tell(new EventStream.Publish<>(marker));
        reports.fishForMessage(
                WAIT,
                r ->
                        r.equals(marker)
                                ? FishingOutcomes.complete()
                                : FishingOutcomes.continueAndIgnore());
    }

    @AfterEach
    void halt() throws Exception {
        k.close();
    }

    private SupervisorReport await(String context) {
        return reports.fishForMessage(
                        WAIT,
                        r ->
                                r.supervisor().equals("system")
                                                && r.offender().equals("shell")
                                                && r.context().equals(context)
                                        ? FishingOutcomes.complete()
                                        : FishingOutcomes.continueAndIgnore())
                .getLast();
    }

    @Test
    void aLineWithoutTextCrashesTheShellAndLinesSentWhileItRestartsAreRunInOrder()
            throws Exception {
        assertEquals(List.of("before the crash"), k.sh("echo before the crash"));
        int mark = k.console.size();
        k.shell.tell(new Shell.Line(null)); // no text to split: throws inside the shell
        k.shell.tell(
                new Shell.Line("echo queued behind the crash")); // in its mailbox as it crashes
        var crashed = await("child_terminated");
        assertTrue(
                crashed.reason().startsWith("NullPointerException: ")
                        && crashed.reason().contains("String.length()"),
                crashed.reason());
        k.shell.tell(new Shell.Line("echo sent while the shell restarts"));
        k.kernel
                .consoleDriver()
                .tell(new ConsoleDriver.Input("echo typed while the shell restarts\n"));
        var restarted = await("child_restarted");
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
        var tree = k.sh("tree");
        assertTrue(
                tree.stream()
                        .anyMatch(l ->
                                l.matches(
                                        ".*─ shell +running +restarts=1  last: "
                                                + Pattern.quote(crashed.reason()))),
                String.join("\n", tree));
        var log = String.join("\n", k.sh("log 50"));
        assertTrue(
                log.contains(
                        "supervisor system: shell child_terminated (" + crashed.reason() + ")"),
                log);
        assertTrue(log.contains("supervisor system: shell child_restarted (restart 1)"), log);
        assertEquals(List.of("still here"), k.sh("echo still here"));
    }
}
