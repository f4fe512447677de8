package honk.board.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import honk.actors.kernel.LineCompleter;
import honk.actors.kernel.LineCompleter.Candidate;
import honk.actors.kernel.LineCompleter.Completion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Tab in the line editor, as bash does it: one candidate is inserted (a space after a finished
 * word, none after a directory), several insert what they share, and when that adds nothing a
 * second Tab lists them under the line and draws prompt and line again. Played on a {@link
 * VtScreen} to check what a person sees.
 */
@Timeout(60)
class LineEditorTabTest {
    private final LineEditor editor = new LineEditor();
    private final VtScreen vt = new VtScreen(LineScreen.DEFAULT_WIDTH);
    private LineCompleter completer = LineCompleter.NONE;
    private final List<String> asked = new ArrayList<>();

    /** Words from the last space before the cursor, completed from {@code values}. */
    private void offer(String... values) {
        completer =
                (line, cursor) -> {
                    asked.add(line.substring(0, cursor));
                    int start = line.lastIndexOf(' ', cursor - 1) + 1;
                    String word = line.substring(start, cursor);
                    return new Completion(
                            start,
                            List.of(values).stream()
                                    .filter(v -> v.startsWith(word))
                                    .map(v ->
                                            new Candidate(
                                                    v,
                                                    v.substring(
                                                            v.lastIndexOf('/', v.length() - 2) + 1),
                                                    !v.endsWith("/")))
                                    .toList());
                };
    }

    /**
     * Types {@code keys}; a Tab asks the completer as the console does. Returns what was printed.
     */
    private String type(String keys) {
        var out = new ByteArrayOutputStream();
        for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
            if (editor.feed(b, out) == LineEditor.Outcome.COMPLETING) {
                editor.complete(completer.complete(editor.line(), editor.cursor()), out);
            }
        }
        vt.feed(out.toByteArray());
        return out.toString(StandardCharsets.UTF_8);
    }

    private void begin() {
        vt.feed(editor.begin("honk> "));
    }

    @Test
    void oneCandidateIsInsertedWithASpaceAfterIt() {
        offer("help", "harts", "ps");
        begin();
        assertEquals("he" + "lp ", type("he\t"), "at the end, only what is new is echoed");
        assertEquals("help ", editor.line());
        assertEquals(List.of("he"), asked, "the completer sees the line up to the cursor");
    }

    @Test
    void aDirectoryIsInsertedWithoutASpaceSoThePathGoesOn() {
        offer("/etc/", "/bin/");
        begin();
        type("ls /e\t");
        assertEquals("ls /etc/", editor.line());
    }

    @Test
    void noSecondSpaceWhenOneFollowsAlready() {
        offer("reap");
        begin();
        type("help re x\u0001" + "\033[C".repeat(7) + "\t");
        assertEquals("help reap x", editor.line());
        assertEquals("help reap".length(), editor.cursor());
        assertEquals(List.of("honk> help reap x"), vt.lines());
        assertArrayEquals(new int[] {0, 15}, vt.cursor());
    }

    @Test
    void severalCandidatesInsertWhatTheyShare() {
        offer("/etc/issue", "/etc/motd");
        begin();
        type("cat /e\t");
        assertEquals("cat /etc/", editor.line());
        assertEquals(0, vt.bells());
    }

    @Test
    void aSecondTabListsTheCandidatesAndDrawsTheLineAgain() {
        offer("ping", "pong", "ticker");
        begin();
        type("run p\t");
        assertEquals(1, vt.bells(), "the first Tab had nothing to add");
        assertEquals(List.of("honk> run p"), vt.lines());
        type("\t");
        assertEquals(List.of("honk> run p", "ping  pong", "honk> run p"), vt.lines());
        assertArrayEquals(new int[] {2, 11}, vt.cursor());
        assertEquals("run p", editor.line());
        type("o\tx\r");
        assertEquals("run pong x", editor.line());
    }

    @Test
    void anotherKeyBetweenTwoTabsStartsAgain() {
        offer("ping", "pong");
        begin();
        type("run p\tx\u007f\t");
        assertEquals(2, vt.bells(), "each Tab was a first one");
        assertEquals(List.of("honk> run p"), vt.lines());
    }

    @Test
    void aListIsSortedDownColumnsThatFitTheWidth() {
        String[] names =
                IntStream.range(0, 30)
                        .mapToObj(i -> String.format("name%02d", i))
                        .toArray(String[]::new);
        offer(names);
        begin();
        type("x n\t\t");
        List<String> lines = vt.lines();
        // 8 columns wide each ("name00" and two spaces): 10 of them in 80 columns, 3 rows
        assertEquals(
                "name00  name03  name06  name09  name12  name15  name18  name21  name24  name27",
                lines.get(1));
        assertEquals(
                "name02  name05  name08  name11  name14  name17  name20  name23  name26  name29",
                lines.get(3));
        assertEquals("honk> x name", lines.get(4));
    }

    @Test
    void aVeryLongListIsCut() {
        offer(IntStream.range(0, 250).mapToObj(i -> "n" + i).toArray(String[]::new));
        begin();
        type("x n\t\t");
        List<String> lines = vt.lines();
        assertEquals("... and 50 more", lines.get(lines.size() - 2));
        assertEquals("honk> x n", lines.getLast());
    }

    @Test
    void nothingToOfferRingsTheBellAndLeavesTheLine() {
        begin();
        type("frobnicate\t");
        assertEquals(1, vt.bells());
        assertEquals("frobnicate", editor.line());
    }
}
