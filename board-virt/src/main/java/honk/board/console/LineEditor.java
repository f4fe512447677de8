package honk.board.console;

import honk.actors.kernel.LineCompleter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * honk's line editor as a state machine: terminal input bytes in (UTF-8, VT100/xterm key
 * sequences), the accepted line out, and the bytes that keep the screen in step. Emacs-style keys
 * as in readline: arrows, Home/End, Delete, Ctrl-A/E/B/F/K/U/W/L/P/N, history, Tab completion
 * (bash's: one candidate is inserted, several insert what they share, a second Tab lists them),
 * Ctrl-C drops the line, Ctrl-D on an empty line is end of input. Prompt and line may be wider than
 * the terminal: {@link LineScreen} follows them across rows. Assumes that the terminal turns "\n"
 * into CR LF (output processing stays on in raw mode). Pure Java; {@link TtyConsole} wires it to a
 * raw-mode terminal and asks the completer for it.
 */
final class LineEditor {
    /**
     * What a key did: still editing, a line accepted, the line dropped (Ctrl-C), end of input, or
     * Tab: the caller asks the completer and hands the answer to {@link #complete}.
     */
    enum Outcome {
        EDITING,
        ACCEPTED,
        INTERRUPTED,
        END_OF_INPUT,
        COMPLETING
    }

    /**
     * Asks the terminal its width: to the far right, report the cursor's position ({@code ESC[6n};
     * the answer {@code ESC[row;colR} comes as input), back to where it was.
     */
    static final String ASK_WIDTH = "\0337\033[999C\033[6n\0338";

    private static final int HISTORY_MAX = 500;

    /** Candidates a second Tab lists at most: a console is not the place for thousands. */
    static final int LIST_MAX = 200;

    private static final byte ESC = 0x1b;

    private final List<String> history = new ArrayList<>();
    private final LineScreen screen = new LineScreen();
    private int[] prompt = new int[0]; // code points
    private int[] line = new int[64]; // code points
    private int length;
    private int cursor;
    private int historyIndex; // == history.size() while editing a new line
    private String unsent = ""; // the new line, kept while browsing history
    private boolean tabbed; // the last key was a Tab that could add nothing
    private boolean widthAsked; // ASK_WIDTH was sent and not yet answered

    // input decoding state, kept across keys and lines
    private int escState; // 0 none, 1 after ESC, 2 in CSI ("ESC ["), 3 after "ESC O"
    private final StringBuilder escParams = new StringBuilder();
    private int utf8Pending; // continuation bytes still expected
    private int utf8Code;
    private boolean lastWasCr;

    /** Starts a new line; returns the bytes to print (the prompt). */
    byte[] begin(String newPrompt) {
        prompt = newPrompt.codePoints().toArray();
        length = 0;
        cursor = 0;
        historyIndex = history.size();
        unsent = "";
        tabbed = false;
        var out = new ByteArrayOutputStream();
        screen.home();
        screen.emit(prompt, 0, prompt.length, out);
        return out.toByteArray();
    }

    /** The line being edited, as a string. */
    String line() {
        return new String(line, 0, length);
    }

    /** Where the cursor is in the line, in chars of {@link #line()} (a completer's cursor). */
    int cursor() {
        return Character.offsetByCodePoints(line(), 0, cursor);
    }

    int width() {
        return screen.width();
    }

    /** The terminal is {@code columns} wide from now on (fewer than 10: ignored). */
    void width(int columns) {
        int[] text = text();
        screen.resize(columns, text, text.length, prompt.length + cursor);
    }

    /**
     * Bytes that ask the terminal its width; its answer, fed in as input, sets it. Nothing while
     * the last question is unanswered: a terminal that does not answer is asked once, not at every
     * prompt.
     */
    byte[] askWidth() {
        if (widthAsked) {
            return new byte[0];
        }
        widthAsked = true;
        return ASK_WIDTH.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Bytes that take the cursor to the prompt's start and clear prompt and line from the screen,
     * so that other output can be printed there; {@link #redraw} puts them back after it.
     */
    byte[] erase() {
        var out = new ByteArrayOutputStream();
        screen.erase(out);
        return out.toByteArray();
    }

    /** Bytes that draw the prompt and the line from the start of an empty screen row. */
    byte[] redraw() {
        var out = new ByteArrayOutputStream();
        screen.home();
        draw(out);
        return out.toByteArray();
    }

    /** Feeds one input byte; whatever should be printed is appended to {@code out}. */
    Outcome feed(int b, ByteArrayOutputStream out) {
        b &= 0xff;
        if (b != '\t') {
            tabbed = false;
        }
        if (escState != 0) {
            return escape(b, out);
        }
        if (utf8Pending > 0) {
            if ((b & 0xc0) == 0x80) {
                utf8Code = (utf8Code << 6) | (b & 0x3f);
                if (--utf8Pending == 0) {
                    insert(utf8Code, out);
                }
                return Outcome.EDITING;
            }
            utf8Pending = 0; // a broken sequence: drop it and treat this byte afresh
        }
        boolean afterCr = lastWasCr;
        lastWasCr = b == '\r';
        if (b >= 0x80) {
            startUtf8(b);
            return Outcome.EDITING;
        }
        if (b >= 0x20 && b != 0x7f) {
            insert(b, out);
            return Outcome.EDITING;
        }
        return control(b, afterCr, out);
    }

    private Outcome control(int b, boolean afterCr, ByteArrayOutputStream out) {
        switch (b) {
            case '\r' -> {
                return accept(out);
            }
            case '\n' -> {
                // CR LF from a terminal is one Enter; the LF after a CR is not a second empty line
                return afterCr ? Outcome.EDITING : accept(out);
            }
            case '\t' -> {
                return Outcome.COMPLETING;
            }
            case 0x03 -> {
                toEnd(out);
                write(out, "^C\n");
                length = 0;
                cursor = 0;
                return Outcome.INTERRUPTED;
            }
            case 0x04 -> {
                if (length == 0) {
                    write(out, "\n");
                    return Outcome.END_OF_INPUT;
                }
                if (cursor < length) {
                    delete(cursor, cursor + 1, out);
                }
            }
            case 0x7f, 0x08 -> {
                if (cursor > 0) {
                    delete(cursor - 1, cursor, out);
                }
            }
            case ESC -> {
                escState = 1;
                escParams.setLength(0);
            }
            case 0x01 -> move(0, out);
            case 0x05 -> move(length, out);
            case 0x02 -> move(cursor - 1, out);
            case 0x06 -> move(cursor + 1, out);
            case 0x0b -> delete(cursor, length, out);
            case 0x15 -> delete(0, cursor, out);
            case 0x17 -> deleteWordBack(out);
            case 0x0c -> {
                write(out, "\033[H\033[2J");
                screen.home();
                draw(out);
            }
            case 0x10 -> historyMove(-1, out);
            case 0x0e -> historyMove(1, out);
            default -> {} // other control characters do nothing
        }
        return Outcome.EDITING;
    }

    private Outcome escape(int b, ByteArrayOutputStream out) {
        if (escState == 1) {
            escState = b == '[' ? 2 : b == 'O' ? 3 : 0;
            return Outcome.EDITING;
        }
        if (escState == 2 && (b >= '0' && b <= '9' || b == ';')) {
            escParams.append((char) b);
            return Outcome.EDITING;
        }
        escState = 0;
        String p = escParams.toString();
        switch (b) {
            case 'A' -> historyMove(-1, out);
            case 'B' -> historyMove(1, out);
            case 'C' -> move(cursor + 1, out);
            case 'D' -> move(cursor - 1, out);
            case 'H' -> move(0, out);
            case 'F' -> move(length, out);
            case 'R' -> positionReport(p);
            case '~' -> {
                switch (p) {
                    case "1", "7" -> move(0, out);
                    case "4", "8" -> move(length, out);
                    case "3" -> {
                        if (cursor < length) {
                            delete(cursor, cursor + 1, out);
                        }
                    }
                    default -> {}
                }
            }
            default -> {} // an unknown sequence is swallowed whole, never inserted as text
        }
        return Outcome.EDITING;
    }

    /**
     * {@code ESC[row;colR}, the answer to {@link #ASK_WIDTH}: the cursor went as far right as it
     * could, so its column is the width. Taken only when asked: xterm sends the same shape for F3
     * with a modifier.
     */
    private void positionReport(String params) {
        int semi = params.indexOf(';');
        if (!widthAsked || semi < 0) {
            return;
        }
        widthAsked = false;
        try {
            width(Integer.parseInt(params.substring(semi + 1)));
        } catch (NumberFormatException e) {
            // not a position: nothing to learn from it
        }
    }

    private void startUtf8(int b) {
        if ((b & 0xe0) == 0xc0) {
            utf8Pending = 1;
            utf8Code = b & 0x1f;
        } else if ((b & 0xf0) == 0xe0) {
            utf8Pending = 2;
            utf8Code = b & 0x0f;
        } else if ((b & 0xf8) == 0xf0) {
            utf8Pending = 3;
            utf8Code = b & 0x07;
        } // a stray continuation byte or an invalid lead byte is dropped
    }

    private Outcome accept(ByteArrayOutputStream out) {
        toEnd(out);
        write(out, "\n"); // the tty's output processing adds the CR
        String text = line();
        if (!text.isBlank() && (history.isEmpty() || !history.getLast().equals(text))) {
            history.add(text);
            if (history.size() > HISTORY_MAX) {
                history.removeFirst();
            }
        }
        return Outcome.ACCEPTED;
    }

    /**
     * Applies the completer's answer to the Tab that returned {@link Outcome#COMPLETING}: one
     * candidate replaces the word (with a space after a finished word); several put in what they
     * all begin with, or ring the bell when that adds nothing, and the Tab right after lists them
     * below the line and draws prompt and line again under the list. Nothing to offer rings the
     * bell.
     */
    void complete(LineCompleter.Completion completion, ByteArrayOutputStream out) {
        boolean again = tabbed;
        tabbed = false;
        List<LineCompleter.Candidate> candidates = completion.candidates();
        String before = line().substring(0, cursor());
        int start = Math.max(0, Math.min(completion.start(), before.length()));
        String word = before.substring(start);
        if (candidates.isEmpty()) {
            write(out, "\007");
        } else if (candidates.size() == 1) {
            LineCompleter.Candidate only = candidates.getFirst();
            boolean spaceFollows = cursor < length && line[cursor] == ' ';
            replaceWord(start, only.text() + (only.complete() && !spaceFollows ? " " : ""), out);
        } else {
            String shared = completion.commonPrefix();
            if (shared.length() > word.length()) {
                replaceWord(start, shared, out);
            } else if (again) {
                list(candidates, out);
            } else {
                write(out, "\007");
            }
            tabbed = true; // still ambiguous: the next Tab lists, as readline's does
        }
    }

    /** Replaces the text from {@code start} (a char index) to the cursor with {@code text}. */
    private void replaceWord(int start, String text, ByteArrayOutputStream out) {
        int from = line().codePointCount(0, start);
        int[] insert = text.codePoints().toArray();
        int[] old = Arrays.copyOfRange(line, from, cursor);
        boolean appends =
                cursor == length
                        && insert.length >= old.length
                        && Arrays.equals(old, Arrays.copyOf(insert, old.length));
        int[] tail = Arrays.copyOfRange(line, cursor, length);
        ensure(from + insert.length + tail.length);
        System.arraycopy(insert, 0, line, from, insert.length);
        System.arraycopy(tail, 0, line, from + insert.length, tail.length);
        length = from + insert.length + tail.length;
        cursor = from + insert.length;
        if (appends) {
            // typing at the end: echo what is new, nothing more
            int[] drawn = text();
            screen.emit(drawn, prompt.length + from + old.length, drawn.length, out);
        } else {
            refresh(out);
        }
    }

    /** The candidates in columns, sorted down each column as ls does, then prompt and line. */
    private void list(List<LineCompleter.Candidate> candidates, ByteArrayOutputStream out) {
        toEnd(out);
        write(out, "\n");
        List<String> names =
                candidates.stream().limit(LIST_MAX).map(LineCompleter.Candidate::display).toList();
        int widest = names.stream().mapToInt(LineScreen::columns).max().orElse(0);
        int perRow = Math.max(1, screen.width() / (widest + 2));
        int rows = (names.size() + perRow - 1) / perRow;
        for (int r = 0; r < rows; r++) {
            var row = new StringBuilder();
            for (int i = r; i < names.size(); i += rows) {
                String name = names.get(i);
                row.append(name).append(" ".repeat(widest + 2 - LineScreen.columns(name)));
            }
            write(out, row.toString().stripTrailing() + "\n");
        }
        if (candidates.size() > LIST_MAX) {
            write(out, "... and " + (candidates.size() - LIST_MAX) + " more\n");
        }
        screen.home();
        draw(out);
    }

    private void insert(int codePoint, ByteArrayOutputStream out) {
        ensure(length + 1);
        System.arraycopy(line, cursor, line, cursor + 1, length - cursor);
        line[cursor++] = codePoint;
        length++;
        if (cursor == length) {
            // typing at the end echoes, nothing more; the terminal wraps the row itself
            screen.emit(new int[] {codePoint}, 0, 1, out);
        } else {
            refresh(out);
        }
    }

    /** Deletes {@code line[from, to)}; the cursor goes to {@code from} if it was past it. */
    private void delete(int from, int to, ByteArrayOutputStream out) {
        if (from >= to) {
            return;
        }
        System.arraycopy(line, to, line, from, length - to);
        length -= to - from;
        if (cursor >= to) {
            cursor -= to - from;
        } else if (cursor > from) {
            cursor = from;
        }
        refresh(out);
    }

    private void deleteWordBack(ByteArrayOutputStream out) {
        int from = cursor;
        while (from > 0 && line[from - 1] == ' ') {
            from--;
        }
        while (from > 0 && line[from - 1] != ' ') {
            from--;
        }
        delete(from, cursor, out);
    }

    private void move(int to, ByteArrayOutputStream out) {
        cursor = Math.max(0, Math.min(length, to));
        int[] text = text();
        screen.place(text, text.length, prompt.length + cursor, out);
    }

    /** The cursor to the end of the line, where an accepted or dropped line leaves it. */
    private void toEnd(ByteArrayOutputStream out) {
        if (cursor != length) {
            move(length, out);
        }
    }

    private void historyMove(int step, ByteArrayOutputStream out) {
        int to = historyIndex + step;
        if (to < 0 || to > history.size()) {
            return;
        }
        if (historyIndex == history.size()) {
            unsent = line();
        }
        historyIndex = to;
        String text = to == history.size() ? unsent : history.get(to);
        int[] cps = text.codePoints().toArray();
        line = Arrays.copyOf(cps, Math.max(64, cps.length * 2));
        length = cps.length;
        cursor = length;
        refresh(out);
    }

    /** Draws prompt and line again where they are: up to the prompt, clear below, write. */
    private void refresh(ByteArrayOutputStream out) {
        screen.erase(out);
        draw(out);
    }

    /** Writes prompt and line from the prompt's start and puts the cursor in its place. */
    private void draw(ByteArrayOutputStream out) {
        int[] text = text();
        screen.emit(text, 0, text.length, out);
        screen.place(text, text.length, prompt.length + cursor, out);
    }

    /** The prompt and the line, as drawn. */
    private int[] text() {
        int[] text = Arrays.copyOf(prompt, prompt.length + length);
        System.arraycopy(line, 0, text, prompt.length, length);
        return text;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, line.length * 2));
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
