package honk.actors.kernel;

import static honk.actors.kernel.BootedKernel.WAIT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.AskPattern;

import honk.supervision.Supervisor;
import honk.supervision.SupervisorGaveUpException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The guardian: what it brings up, how input reaches the shell, and how the kernel ends. */
@Timeout(60)
class InitTest {

    private static Supervisor.Children services(Kernel kernel) throws Exception {
        CompletionStage<Supervisor.Children> r =
                AskPattern.ask(
                        kernel.services(),
                        Supervisor.GetChildren::new,
                        WAIT,
                        kernel.system().scheduler());
        return r.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Supervisor.FaultResult fault(Kernel kernel, String id) throws Exception {
        CompletionStage<Supervisor.FaultResult> r =
                AskPattern.ask(
                        kernel.services(),
                        reply -> new Supervisor.InjectFault(id, reply),
                        WAIT,
                        kernel.system().scheduler());
        return r.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void bootBringsUpOneShardPerHartAndTheSystemServices() throws Exception {
        try (var k = BootedKernel.boot(3)) {
            assertEquals(3, k.kernel.table().shardCount());
            var system = services(k.kernel);
            assertEquals("system", system.supervisor());
            assertEquals(
                    List.of(
                            new Supervisor.ChildStatus("log", "running", 0, ""),
                            new Supervisor.ChildStatus("console", "running", 0, ""),
                            new Supervisor.ChildStatus("shell", "running", 0, "")),
                    system.children());
            assertTrue(k.kernel.booted());
            assertTrue(k.kernel.log().isUp() && k.kernel.consoleDriver().isUp() && k.shell.isUp());
            assertEquals("fake", k.kernel.board().name());
        }
    }

    @Test
    void consoleInputIsAssembledIntoLinesAndRunByTheShell() throws Exception {
        try (var k = BootedKernel.boot(2)) {
            int mark = k.console.size();
            k.kernel.consoleDriver().tell(new ConsoleDriver.Input("ec"));
            k.kernel.consoleDriver().tell(new ConsoleDriver.Input("ho one\r\necho two\n"));
            int first = k.console.awaitIndex(mark, "one"::equals, WAIT);
            int second = k.console.awaitIndex(mark, "two"::equals, WAIT);
            assertTrue(first < second, "lines run in the order typed");
        }
    }

    @Test
    void endOfConsoleInputShutsTheKernelDownCleanly() throws Exception {
        try (var k = BootedKernel.boot(1)) {
            k.kernel.consoleDriver().tell(new ConsoleDriver.Input("echo last words"));
            k.kernel.consoleDriver().tell(new ConsoleDriver.EndOfInput());
            k.console.awaitLine("last words"::equals, WAIT);
            k.console.awaitLine("honk: end of console input; shutting down"::equals, WAIT);
            assertEquals(0, k.awaitHalt());
            assertNull(k.panic.get());
        }
    }

    @Test
    void theKernelPanicsWhenTheSystemServicesExceedTheirIntensity() throws Exception {
        try (var k = BootedKernel.boot(1)) {
            int allowed = Init.SERVICE_INTENSITY.maxRestarts();
            // alternate the services so each one's backoff stays short
            for (int i = 0; i < allowed; i++) {
                String id = i % 2 == 0 ? "log" : "console";
                assertInstanceOf(Supervisor.FaultRecovered.class, fault(k.kernel, id));
            }
            k.kernel.services().tell(new Supervisor.InjectFault("log", k.system.ignoreRef()));
            assertEquals(1, k.awaitHalt());
            var panic = assertInstanceOf(KernelPanicException.class, k.panic.get());
            assertEquals(
                    "system services stopped: system: log exceeded 10 restarts in 10000 ms; giving"
                            + " up",
                    panic.getMessage());
            assertInstanceOf(SupervisorGaveUpException.class, panic.getCause());
            assertNull(k.kernel.requestedExitStatus());
        }
    }

    @Test
    void theFakeBoardRecordsPowerOffInsteadOfEndingTheJvm() throws Exception {
        var board = new FakeBoard(4);
        assertTrue(board.currentHart() >= 0 && board.currentHart() < 4);
        assertEquals(board.currentHart(), board.currentHart(), "a thread stays on its hart");
        board.powerOff(3);
        board.powerOff(0);
        assertEquals(3, board.poweredOff().get(1, TimeUnit.SECONDS), "the first power-off wins");
    }

    @Test
    void theRecordingConsoleSplitsLinesAndTimesOutNamingWhatItSaw() throws Exception {
        var console = new RecordingConsole();
        console.println("a\nb\r\nc");
        assertEquals(List.of("a", "b", "c"), console.lines());
        assertEquals(2, console.awaitIndex(1, "c"::equals, Duration.ofSeconds(1)));
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.TimeoutException.class,
                        () -> console.awaitIndex(0, "z"::equals, Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("[a, b, c]"), e.getMessage());
        assertNull(console.readLine("honk> "));
        assertEquals(List.of("a", "b", "c"), console.takeAll());
        assertEquals(0, console.size());
    }
}
