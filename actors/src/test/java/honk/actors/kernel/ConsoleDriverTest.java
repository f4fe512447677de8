package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.testkit.typed.javadsl.TestInbox;

import honk.actors.shell.Shell;
import honk.supervision.ServiceHandle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/** The console driver's line assembly, as pure protocol logic. */
@Timeout(60)
class ConsoleDriverTest {
    private final TestInbox<Shell.Command> shell = TestInbox.create();
    private final BehaviorTestKit<ConsoleDriver.Command> driver;

    ConsoleDriverTest() {
        var handle = new ServiceHandle<Shell.Command>("shell");
        handle.set(shell.getRef());
        driver = BehaviorTestKit.create(ConsoleDriver.create(Shell.input(handle)));
    }

    @Test
    void chunksAreAssembledIntoLinesAcrossReads() {
        driver.run(new ConsoleDriver.Input("ec"));
        assertFalse(shell.hasMessages(), "half a line is held until its newline");
        driver.run(new ConsoleDriver.Input("ho one\necho two\nps"));
        assertEquals(
                List.of(new Shell.Line("echo one"), new Shell.Line("echo two")),
                shell.getAllReceived());
        driver.run(new ConsoleDriver.Input("\n"));
        shell.expectMessage(new Shell.Line("ps"));
    }

    @Test
    void carriageReturnsBeforeTheNewlineAreDropped() {
        driver.run(new ConsoleDriver.Input("uptime\r\n\r\n"));
        assertEquals(List.of(new Shell.Line("uptime"), new Shell.Line("")), shell.getAllReceived());
    }

    @Test
    void endOfInputFlushesTheLastPartialLineThenTellsTheShell() {
        driver.run(new ConsoleDriver.Input("exit"));
        driver.run(new ConsoleDriver.EndOfInput());
        assertEquals(
                List.of(new Shell.Line("exit"), new Shell.EndOfInput()), shell.getAllReceived());
    }

    @Test
    void anOverlongLineIsCutAtTheBound() {
        String longLine = "x".repeat(ConsoleDriver.MAX_LINE + 10);
        driver.run(new ConsoleDriver.Input(longLine + "\n"));
        var lines = shell.getAllReceived();
        assertEquals(2, lines.size());
        assertEquals(ConsoleDriver.MAX_LINE, ((Shell.Line) lines.get(0)).text().length());
        assertEquals("x".repeat(10), ((Shell.Line) lines.get(1)).text());
    }
}
