package honk.board.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(screen.contains("honk> pi\r\033[Kpong: 1\n\rhonk> pi\033[Kng\n"), screen);
        console.println("after");
        assertTrue(
                out.toString(StandardCharsets.UTF_8).endsWith("ng\nafter\n"),
                "no redraw when no line is edited");
    }
}
