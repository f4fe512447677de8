package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

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
        var crashed = reports.await("system", "console", "child_terminated");
        assertTrue(
                crashed.reason().startsWith("NullPointerException: ")
                        && crashed.reason().contains("chunk()"),
                crashed.reason());
        int during = k.console.size();
        type("echo typed while ");
        type("the driver restarts\necho and a second line\n");
        var restarted = reports.await("system", "console", "child_restarted");
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
        k.assertRestartedOnce("console", crashed.reason(), 50);

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
