package honk.board.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import honk.actors.kernel.LineCompleter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

class LineEditorTest {
    private final LineEditor editor = new LineEditor();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    /** Types {@code keys} after a fresh prompt; returns the outcome of the last key. */
    private LineEditor.Outcome type(String keys) {
        screen.writeBytes(editor.begin("honk> "));
        return keys(keys);
    }

    private LineEditor.Outcome keys(String keys) {
        LineEditor.Outcome last = LineEditor.Outcome.EDITING;
        for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
            last = editor.feed(b, screen);
            if (last == LineEditor.Outcome.COMPLETING) {
                editor.complete(LineCompleter.Completion.NONE, screen); // nothing to offer
            }
        }
        return last;
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void typedLineIsAcceptedOnEnterAndEchoedPlainly() {
        assertEquals(LineEditor.Outcome.ACCEPTED, type("ps\r"));
        assertEquals("ps", editor.line());
        assertEquals("honk> ps\n", screen(), "typing at the end echoes without redraws");
    }

    @Test
    void lineFeedAndCrLfEachEndOneLine() {
        assertEquals(LineEditor.Outcome.ACCEPTED, type("a\n"));
        assertEquals("a", editor.line());
        assertEquals(LineEditor.Outcome.ACCEPTED, type("b\r"));
        assertEquals(
                LineEditor.Outcome.EDITING, type("\nc"), "the LF of a CR LF is not an empty line");
        assertEquals(LineEditor.Outcome.ACCEPTED, keys("\r"));
        assertEquals("c", editor.line());
    }

    @Test
    void backspaceDeletesBeforeTheCursor() {
        type("pss\u007f\r");
        assertEquals("ps", editor.line());
        type("\u007f\u007fx\r");
        assertEquals("x", editor.line(), "backspace on an empty line does nothing");
    }

    @Test
    void arrowKeysMoveTheCursorForInsertion() {
        type("kil 7\033[D\033[D\033[Dl\r");
        assertEquals("kill 7", editor.line());
        type("echo b\033[Ha\033[F!\r");
        assertEquals("aecho b!", editor.line());
    }

    @Test
    void emacsKeysEditTheLine() {
        type("run idle\u0001x\r"); // Ctrl-A then x
        assertEquals("xrun idle", editor.line());
        type("send 3 hello\u0017bye\r"); // Ctrl-W kills the word before the cursor
        assertEquals("send 3 bye", editor.line());
        type("abc def\u0002\u0002\u0002\u000b\r"); // Ctrl-B x3, Ctrl-K kills to the end
        assertEquals("abc ", editor.line());
        type("abc def\u0002\u0002\u0002\u0015\r"); // Ctrl-U kills to the start
        assertEquals("def", editor.line());
    }

    @Test
    void deleteKeyAndCtrlDRemoveUnderTheCursor() {
        type("abc\033[H\033[3~\r");
        assertEquals("bc", editor.line());
        type("abc\u0001\u0004\r");
        assertEquals("bc", editor.line(), "Ctrl-D inside a line deletes, not ends input");
    }

    @Test
    void ctrlDOnAnEmptyLineIsEndOfInput() {
        assertEquals(LineEditor.Outcome.END_OF_INPUT, type("\u0004"));
    }

    @Test
    void ctrlCDropsTheLine() {
        assertEquals(LineEditor.Outcome.INTERRUPTED, type("rm -rf\u0003"));
        assertEquals("", editor.line());
        assertEquals("honk> rm -rf^C\n", screen());
    }

    @Test
    void historyRecallsEarlierLinesAndKeepsTheNewOne() {
        type("one\r");
        type("two\r");
        type("two\r"); // a repeat is stored once
        type("   \r"); // a blank line is not stored
        type("new\033[A\033[A\r");
        assertEquals("one", editor.line());
        type("x\u0010\u000e\r"); // Ctrl-P then Ctrl-N returns to the line being typed
        assertEquals("x", editor.line());
        type("\033[A\033[A\033[A\033[A\033[A\r");
        assertEquals("one", editor.line(), "history stops at its oldest line");
    }

    @Test
    void utf8IsDecodedToCharacters() {
        type("echo grüß 🙂\033[D\033[Dx\r");
        assertEquals("echo grüßx 🙂", editor.line());
    }

    @Test
    void unknownEscapeSequencesAndControlsAreNotInserted() {
        type("a\033[15~\033[1;5C\033OP\u0007\tb\r");
        assertEquals("ab", editor.line());
    }

    @Test
    void editsInsideTheLineRedrawIt() {
        type("ac\033[Db");
        assertEquals("honk> ac\033[1D\r\033[Jhonk> abc\033[1D", screen());
    }

    @Test
    void eraseThenRedrawRestoresPromptLineAndCursor() {
        type("abc\033[D\033[D");
        assertEquals("\r\033[J", new String(editor.erase(), StandardCharsets.UTF_8));
        assertEquals("honk> abc\033[2D", new String(editor.redraw(), StandardCharsets.UTF_8));
    }

    @Test
    void aPositionReportSetsTheWidthOnlyWhenItWasAskedFor() {
        type("\033[24;132R");
        assertEquals(LineScreen.DEFAULT_WIDTH, editor.width(), "xterm's Shift-F3 is ESC[1;2R");
        assertEquals(
                "\0337\033[999C\033[6n\0338",
                new String(editor.askWidth(), StandardCharsets.UTF_8));
        keys("x\033[24;132Ry\r");
        assertEquals(132, editor.width());
        assertEquals("xy", editor.line(), "the answer is not typed text");
        keys("\033[24;200R");
        assertEquals(132, editor.width(), "one answer per question");
    }
}
