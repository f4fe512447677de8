package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.eventstream.EventStream;

import honk.supervision.SupervisorReport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real crash of the console driver on a whole kernel: an {@link ConsoleDriver.Input} with no
 * chunk throws inside the driver's own handler. {@code system} reports it, waits out the backoff
 * and spawns the driver again (it is restarted the OTP way, a new actor); what is typed meanwhile
 * is held by the driver's handle and reaches the shell once the new driver runs.
 */
@Timeout(90)
class ConsoleDriverCrashTest {
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
                                                && r.offender().equals("console")
                                                && r.context().equals(context)
                                        ? FishingOutcomes.complete()
                                        : FishingOutcomes.continueAndIgnore())
                .getLast();
    }

    private void type(String chunk) {
        k.kernel.consoleDriver().tell(new ConsoleDriver.Input(chunk));
    }

    @Test
    void inputWithoutAChunkCrashesTheDriverAndWhatIsTypedWhileItRestartsIsStillRun()
            throws Exception {
        int mark = k.console.size();
        type("echo before the crash\n");
        k.console.awaitIndex(mark, "before the crash"::equals, WAIT);

        type("echo half ");
        type(null); // a chunk of nothing: throws inside the driver
        type("typed, then the rest\n"); // in its mailbox as it crashes
        var crashed = await("child_terminated");
        assertTrue(
                crashed.reason().startsWith("NullPointerException: ")
                        && crashed.reason().contains("chunk()"),
                crashed.reason());
        int during = k.console.size();
        type("echo typed while ");
        type("the driver restarts\necho and a second line\n");
        var restarted = await("child_restarted");
        int half = k.console.awaitIndex(mark, "half typed, then the rest"::equals, WAIT);
        int first = k.console.awaitIndex(during, "typed while the driver restarts"::equals, WAIT);
        assertTrue(
                half < first,
                "the half-typed line outlived the restart in place and was finished first: "
                        + k.console.linesFrom(mark));
        int second = k.console.awaitIndex(during, "and a second line"::equals, WAIT);
        assertTrue(first < second, "the held input is assembled and run in the order typed");

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
                                        ".*─ console +running +restarts=1  last: "
                                                + Pattern.quote(crashed.reason()))),
                String.join("\n", tree));
        var log = String.join("\n", k.sh("log 50"));
        assertTrue(
                log.contains(
                        "supervisor system: console child_terminated (" + crashed.reason() + ")"),
                log);
        assertTrue(log.contains("supervisor system: console child_restarted (restart 1)"), log);

        int after = k.console.size();
        type("echo typed after\n");
        assertEquals("typed after", k.console.awaitLine(after, "typed after"::equals, WAIT));
        assertEquals(
                List.of(),
                k.console.linesFrom(mark).stream()
                        .filter(l -> l.startsWith("unknown command"))
                        .toList(),
                "no line was cut or mangled by the restart");
    }
}
