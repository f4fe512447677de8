package honk.board.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.LineCompleter;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host board's JLine console on a terminal made of streams: the history kept in a file across
 * sessions, and Tab completing with the shell's completer.
 */
@Timeout(60)
class LineConsoleTest {
    @TempDir Path dir;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final List<PipedOutputStream> keyboards = new ArrayList<>();

    /**
     * A session on an xterm 80 columns wide whose keys are {@code typed}. The keys stay open until
     * the test ends: at the end of its input JLine's terminal drops what it has not read yet.
     */
    private LineConsole session(String typed, Path history) throws IOException {
        var keyboard = new PipedOutputStream();
        var keys = new PipedInputStream(keyboard, 1 << 20);
        keyboard.write(typed.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        keyboards.add(keyboard);
        Terminal terminal =
                TerminalBuilder.builder()
                        .system(false)
                        .streams(keys, screen)
                        .type("xterm")
                        .size(new Size(80, 24))
                        .encoding(StandardCharsets.UTF_8)
                        .build();
        return LineConsole.onTerminal(
                terminal, history, new PrintStream(screen, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void closeTheKeyboards() throws IOException {
        for (PipedOutputStream k : keyboards) {
            k.close();
        }
    }

    /** The next {@code n} lines the console reads. */
    private static List<String> lines(LineConsole console, int n) {
        var lines = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            lines.add(console.readLine("honk> "));
        }
        return lines;
    }

    @Test
    void theHistoryOfOneSessionIsRecalledInTheNext() throws IOException {
        Path history = dir.resolve("host/history");
        assertEquals(List.of("ps", "tree"), lines(session("ps\rtree\r", history), 2));
        assertTrue(Files.readString(history).contains("tree"), "saved as each line is accepted");
        // the next session: Ctrl-P is the previous line; two more, the one before it
        assertEquals(
                List.of("tree", "ps"), lines(session("\u0010\r\u0010\u0010\u0010\r", history), 2));
    }

    @Test
    void theHistoryFileKeepsTheNewestLinesWithinItsBound() throws IOException {
        Path history = dir.resolve("history");
        int typed = LineConsole.HISTORY_LINES * 3 / 2;
        var keys = new StringBuilder();
        for (int i = 0; i < typed; i++) {
            keys.append("echo ").append(i).append('\r');
        }
        assertEquals(
                "echo " + (typed - 1), lines(session(keys.toString(), history), typed).getLast());
        List<String> kept = Files.readAllLines(history);
        assertTrue(
                kept.size() <= LineConsole.HISTORY_LINES * 5 / 4,
                kept.size() + " lines kept in the file");
        assertTrue(kept.getLast().endsWith("echo " + (typed - 1)), kept.getLast());
        assertEquals(
                List.of("echo " + (typed - 1)),
                lines(session("\u0010\r", history), 1),
                "read back");
    }

    @Test
    void withoutAFileNothingIsWritten() throws IOException {
        assertEquals(List.of("ps"), lines(session("ps\r", null), 1));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static final LineCompleter SHELL =
            (line, cursor) -> {
                int start = line.lastIndexOf(' ', cursor - 1) + 1;
                String word = line.substring(start, cursor);
                return new LineCompleter.Completion(
                        start,
                        Stream.of("help", "/etc/", "ping", "pong", "/my\\ notes.txt")
                                .filter(c -> c.startsWith(word))
                                .map(c -> new LineCompleter.Candidate(c, c, !c.endsWith("/")))
                                .toList());
            };

    @Test
    void tabCompletesWithTheShellsCompleter() throws IOException {
        LineConsole console = session("he\tls /e\tmotd\rrun p\to\t\r", null);
        console.completeWith(SHELL);
        assertEquals("help ls /etc/motd", console.readLine("honk> "));
        assertEquals("run pong ", console.readLine("honk> "), "p is ambiguous; po is pong");
    }

    @Test
    void aTypedBackslashReachesTheShellWhichReadsIt() throws IOException {
        LineConsole console = session("put /a two\\ words\r", null);
        assertEquals("put /a two\\ words", console.readLine("honk> "));
    }

    @Test
    void aCandidateGoesInQuotedAsTheShellQuotedIt() throws IOException {
        LineConsole console = session("cat /my\t\r", null);
        console.completeWith(SHELL);
        assertEquals("cat /my\\ notes.txt ", console.readLine("honk> "), "not escaped twice");
    }

    @Test
    void tabOffersNothingUntilTheShellProvidesItsCompleter() throws IOException {
        assertEquals(List.of("he"), lines(session("he\t\r", null), 1));
    }
}
