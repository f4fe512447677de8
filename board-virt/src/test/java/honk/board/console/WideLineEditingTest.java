package honk.board.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lines wider than the terminal: the editor's output played on a {@link VtScreen} of a few columns,
 * and after each key the screen must show prompt and line wrapped at its width, nothing else, with
 * the cursor where the editor's cursor is.
 */
@Timeout(60)
class WideLineEditingTest {
    private static final String PROMPT = "honk> ";
    private static final String LEFT = "\033[D";
    private static final String UP = "\033[A";

    private final LineEditor editor = new LineEditor();
    private VtScreen vt;
    private int width;

    private void begin(int columns) {
        width = columns;
        vt = new VtScreen(columns);
        editor.width(columns);
        vt.feed(editor.begin(PROMPT));
    }

    /** Types {@code keys}, checking the screen after each; returns what the last key printed. */
    private String keys(String keys) {
        String last = "";
        for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
            var out = new ByteArrayOutputStream();
            editor.feed(b, out);
            vt.feed(out.toByteArray());
            last = out.toString(StandardCharsets.UTF_8);
            assertShowsTheLine();
        }
        return last;
    }

    /** Prompt and line, wrapped at the width; the cursor before the editor's cursor. */
    private void assertShowsTheLine() {
        String text = PROMPT + editor.line();
        var expected = new ArrayList<String>();
        for (int at = 0; at < text.length(); at += width) {
            expected.add(text.substring(at, Math.min(text.length(), at + width)).stripTrailing());
        }
        assertEquals(expected, vt.lines(), "the screen shows prompt and line, nothing else");
        int pos = PROMPT.length() + editor.cursor();
        int[] where =
                pos > 0 && pos % width == 0 && editor.cursor() == editor.line().length()
                        ? new int[] {pos / width - 1, width} // at the end, the wrap pending
                        : new int[] {pos / width, pos % width};
        assertArrayEquals(where, vt.cursor(), "cursor at " + editor.cursor() + " of " + text);
    }

    @Test
    void typingPastTheLastColumnEchoesAndLetsTheTerminalWrap() {
        begin(20);
        String typed = keys("0123456789abcd");
        assertEquals("d", typed, "filling the row's last column is one character");
        assertArrayEquals(new int[] {0, 20}, vt.cursor());
        assertEquals("e", keys("e"), "the terminal wraps by itself: no escape sequence");
        keys("fghijklmnopqrstuvwxyz0123456789");
        assertEquals(
                List.of("honk> 0123456789abcd", "efghijklmnopqrstuvwx", "yz0123456789"),
                vt.lines());
    }

    @Test
    void leftAndRightCrossRowBoundariesByRowsAndColumns() {
        begin(20);
        keys("0123456789abcdefghijklmnop"); // 32 columns: the cursor on row 1, column 12
        assertEquals("\033[1D", keys(LEFT));
        keys(LEFT.repeat(11)); // to the start of row 1
        assertArrayEquals(new int[] {1, 0}, vt.cursor());
        assertEquals("\033[1A\033[19C", keys(LEFT), "up a row, to its last column");
        assertEquals("\033[1B\r", keys("\033[C"), "and back down");
        keys("\u0001"); // Ctrl-A: the line's start, after the prompt
        assertArrayEquals(new int[] {0, 6}, vt.cursor());
        keys("\u0005"); // Ctrl-E: its end
        assertArrayEquals(new int[] {1, 12}, vt.cursor());
    }

    @Test
    void insertingAndDeletingInsideAWrappedLineRedrawsEveryRow() {
        begin(20);
        keys("0123456789abcdefghijklmnopqrstuvwxyz");
        keys("\u0001XY"); // two characters at the start push every row on
        assertEquals("XY0123456789abcdefghijklmnopqrstuvwxyz", editor.line());
        keys("\033[3~\033[3~\033[3~"); // Delete three
        assertEquals("XY3456789abcdefghijklmnopqrstuvwxyz", editor.line());
        keys(LEFT + "\u007f\u007f"); // the second backspace, at the line's start, does nothing
        assertEquals("Y3456789abcdefghijklmnopqrstuvwxyz", editor.line());
        keys("\u0005" + LEFT.repeat(20) + "\u007f"); // backspace at a row's first column
        assertEquals("Y3456789abcdeghijklmnopqrstuvwxyz", editor.line());
    }

    @Test
    void killsShortenTheLineAndClearTheRowsItLeft() {
        begin(20);
        keys("one two three four five six seven eight nine");
        keys("\u0017"); // Ctrl-W
        assertEquals("one two three four five six seven eight ", editor.line());
        keys("\u0001" + "\033[C".repeat(8) + "\u000b"); // Ctrl-K after "one two "
        assertEquals("one two ", editor.line());
        keys("three four five six seven eight nine ten" + LEFT.repeat(3) + "\u0015"); // Ctrl-U
        assertEquals("ten", editor.line());
        assertEquals(List.of("honk> ten"), vt.lines());
    }

    @Test
    void historyRecallsALongLineOverAShortOneAndBack() {
        begin(16);
        String longLine = "put /notes/today a line much wider than the terminal";
        keys(longLine);
        editor.feed('\r', new ByteArrayOutputStream());
        vt = new VtScreen(16);
        vt.feed(editor.begin(PROMPT));
        keys("ps" + UP);
        assertEquals(longLine, editor.line());
        keys("\033[B");
        assertEquals("ps", editor.line());
        assertEquals(List.of("honk> ps"), vt.lines(), "the long line's rows are cleared");
    }

    @Test
    void enterInsideAWrappedLineLeavesTheCursorBelowItsLastRow() {
        begin(20);
        keys("0123456789abcdefghijklmnopqrstuvwxyz\u0001");
        var out = new ByteArrayOutputStream();
        assertEquals(LineEditor.Outcome.ACCEPTED, editor.feed('\r', out));
        vt.feed(out.toByteArray());
        assertArrayEquals(new int[] {3, 0}, vt.cursor(), "output goes on a row of its own");
    }

    @Test
    void enterAtAFullRowStartsTheNextOneWithoutABlankRow() {
        begin(20);
        keys("0123456789abcd");
        var out = new ByteArrayOutputStream();
        editor.feed('\r', out);
        vt.feed(out.toByteArray());
        assertArrayEquals(new int[] {1, 0}, vt.cursor());
    }

    @Test
    void outputPrintedAboveAWrappedLineLeavesNoneOfItsRowsBehind() {
        begin(20);
        keys("0123456789abcdefghijklmnopqrstuvwxyz" + LEFT.repeat(5));
        vt.feed(editor.erase());
        vt.feed("tick 1\n".getBytes(StandardCharsets.UTF_8));
        vt.feed(editor.redraw());
        assertEquals(
                List.of("tick 1", "honk> 0123456789abcd", "efghijklmnopqrstuvwx", "yz"),
                vt.lines());
        assertArrayEquals(new int[] {2, 17}, vt.cursor());
    }

    @Test
    void aWidthLearnedWhileEditingIsUsedFromTheNextKey() {
        begin(LineScreen.DEFAULT_WIDTH);
        vt = new VtScreen(30); // the terminal is narrower than assumed, and says so
        width = 30;
        vt.feed(editor.begin(PROMPT));
        vt.feed(editor.askWidth());
        keys("\033[12;30R");
        assertEquals(30, editor.width());
        keys("0123456789abcdefghijklmnopqrstuvwxyz\u0001");
        assertArrayEquals(new int[] {0, 6}, vt.cursor());
    }

    @Test
    void aWideCharacterThatDoesNotFitTheLastColumnGoesToTheNextRow() {
        width = 10;
        vt = new VtScreen(10);
        editor.width(10);
        vt.feed(editor.begin(PROMPT));
        for (byte b : "abc中x".getBytes(StandardCharsets.UTF_8)) {
            var out = new ByteArrayOutputStream();
            editor.feed(b, out);
            vt.feed(out.toByteArray());
        }
        assertEquals(List.of("honk> abc", "中x"), vt.lines());
        assertArrayEquals(new int[] {1, 3}, vt.cursor());
        var out = new ByteArrayOutputStream();
        for (byte b : (LEFT + LEFT + "\u007f").getBytes(StandardCharsets.UTF_8)) {
            editor.feed(b, out);
        }
        vt.feed(out.toByteArray());
        assertEquals(List.of("honk> ab中", "x"), vt.lines());
        assertArrayEquals(new int[] {0, 8}, vt.cursor());
    }

    /** Any mix of keys, on any width: the screen always shows the line and the cursor in place. */
    @Test
    void randomEditingKeepsScreenAndLineInStep() {
        String[] moves = {
            LEFT, "\033[C", "\u0001", "\u0005", "\u007f", "\033[3~", "\u000b", "\u0015", "\u0017",
            UP, "\033[B", "\u000c"
        };
        var random = new Random(20240501);
        for (int round = 0; round < 40; round++) {
            begin(10 + random.nextInt(30));
            for (int key = 0; key < 120; key++) {
                int pick = random.nextInt(10);
                if (pick < 5) {
                    keys(String.valueOf((char) ('a' + random.nextInt(26))).repeat(1 + pick));
                } else if (pick == 5) {
                    keys(" ");
                } else if (pick < 9) {
                    keys(moves[random.nextInt(moves.length)]);
                } else {
                    String line = editor.line();
                    var out = new ByteArrayOutputStream();
                    editor.feed('\r', out);
                    vt.feed(out.toByteArray());
                    int rows = (PROMPT.length() + line.length() + width - 1) / width;
                    assertArrayEquals(new int[] {Math.max(rows, 1), 0}, vt.cursor(), line);
                    vt = new VtScreen(width);
                    vt.feed(editor.begin(PROMPT));
                }
            }
            assertFalse(vt.lines().isEmpty());
        }
    }
}
