package honk.board.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.LineCompleter;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

@Timeout(10)
class TtyConsoleTest {
    @Test
    void typedAheadLinesAreReadOneAtATime() {
        var out = new ByteArrayOutputStream();
        var console =
                new TtyConsole(
                        new ByteArrayInputStream(
                                "ps\rtree\r\nlog\n".getBytes(StandardCharsets.UTF_8)),
                        out);
        assertEquals("ps", console.readLine("honk> "));
        assertEquals("tree", console.readLine("honk> "));
        assertEquals("log", console.readLine("honk> "));
        assertNull(console.readLine("honk> "), "end of the stream is end of input");
        assertEquals(
                "honk> ps\nhonk> tree\nhonk> log\nhonk> \n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ctrlCGivesAnEmptyLineAndCtrlDEndsInput() {
        var console =
                new TtyConsole(
                        new ByteArrayInputStream(
                                "oops\u0003\u0004".getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream());
        assertEquals("", console.readLine("honk> "));
        assertNull(console.readLine("honk> "));
    }

    @Test
    void outputFromAnotherThreadIsPrintedAboveTheLineBeingEdited() throws Exception {
        var keys = new PipedOutputStream();
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(new PipedInputStream(keys), out);
        CompletableFuture<String> line =
                CompletableFuture.supplyAsync(() -> console.readLine("honk> "));
        keys.write("pi".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        Eventually.await(
                "the console echoes the keys typed so far",
                Duration.ofSeconds(5),
                () -> out.toString(StandardCharsets.UTF_8),
                screen -> screen.endsWith("honk> pi"));
        console.println("pong: 1");
        keys.write("ng\r".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        assertEquals("ping", line.get(5, TimeUnit.SECONDS));
        String screen = out.toString(StandardCharsets.UTF_8);
        assertTrue(screen.contains("honk> pi\r\033[Jpong: 1\nhonk> ping\n"), screen);
        console.println("after");
        assertTrue(
                out.toString(StandardCharsets.UTF_8).endsWith("ng\nafter\n"),
                "no redraw when no line is edited");
    }

    private static ByteArrayInputStream keys(String typed) {
        return new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tabCompletesWithTheShellsCompleterAndKeepsReading() {
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(keys("he\tru\t\r"), out);
        console.completeWith((line, cursor) -> {
            int start = line.lastIndexOf(' ', cursor - 1) + 1;
            String word = line.substring(start, cursor);
            return new LineCompleter.Completion(
                    start,
                    java.util.stream.Stream.of("help", "run")
                            .filter(c -> c.startsWith(word))
                            .map(c -> new LineCompleter.Candidate(c, c, true))
                            .toList());
        });
        assertEquals("help run ", console.readLine("honk> "));
        assertEquals("honk> help run \n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCompleterThatThrowsIsNoCandidates() {
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(keys("x\t\r"), out);
        console.completeWith((line, cursor) -> {
            throw new IllegalStateException("broken");
        });
        assertEquals("x", console.readLine("honk> "));
        assertEquals("honk> x\007\n", out.toString(StandardCharsets.UTF_8));
    }

    /** 40 characters then Home: how far the cursor goes says the width the console used. */
    private static final String LONG_THEN_HOME = "0123456789".repeat(4) + "\u0001\r";

    @Test
    void theWidthComesFromTheTerminalWhenItSaysIt() {
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(keys(LONG_THEN_HOME), out, () -> 30, true);
        console.readLine("honk> ");
        String screen = out.toString(StandardCharsets.UTF_8);
        assertTrue(screen.contains("\033[1A\033[10D"), "one row up, to column 6: " + screen);
        assertTrue(!screen.contains("\033[6n"), "no need to ask");
    }

    @Test
    void aTerminalThatSaysNothingIsAskedAndItsAnswerIsUsed() {
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(keys("\033[24;30R" + LONG_THEN_HOME), out, () -> 0, true);
        console.readLine("honk> ");
        String screen = out.toString(StandardCharsets.UTF_8);
        assertTrue(screen.startsWith("honk> " + LineEditor.ASK_WIDTH), screen);
        assertTrue(screen.contains("\033[1A\033[10D"), screen);
    }

    @Test
    void withoutAnAnswerEightyColumnsAreAssumed() {
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(keys(LONG_THEN_HOME), out, () -> 0, false);
        console.readLine("honk> ");
        String screen = out.toString(StandardCharsets.UTF_8);
        assertTrue(screen.contains("\033[40D"), "one row of 80: " + screen);
        assertTrue(!screen.contains("\033[6n"), "a pipe is not asked");
    }

    @Test
    void aTerminalThatDoesNotAnswerIsAskedOnce() {
        var out = new ByteArrayOutputStream();
        var console = new TtyConsole(keys("ps\rtree\r\033[1;100Rlog\rexit\r"), out, () -> 0, true);
        for (int i = 0; i < 4; i++) {
            console.readLine("honk> ");
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        String ask = LineEditor.ASK_WIDTH;
        assertEquals(
                "honk> " + ask + "ps\nhonk> tree\nhonk> log\nhonk> " + ask + "exit\n",
                screen,
                "asked again only after the answer that came with the third line");
    }
}
