package honk.board.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * honk's line editor as a state machine: terminal input bytes in (UTF-8, VT100/xterm key
 * sequences), the accepted line out, and the bytes that keep the screen in step. Emacs-style keys
 * as in readline: arrows, Home/End, Delete, Ctrl-A/E/B/F/K/U/W/L/P/N, history, Ctrl-C drops the
 * line, Ctrl-D on an empty line is end of input. Assumes the line fits the terminal's width and
 * that the terminal turns "\n" into CR LF (output processing stays on in raw mode). Pure Java;
 * {@link TtyConsole} wires it to a raw-mode terminal.
 */
final class LineEditor {
    /**
     * What a key did: still editing, a line accepted, the line dropped (Ctrl-C), or end of input.
     */
    enum Outcome {
        EDITING,
        ACCEPTED,
        INTERRUPTED,
        END_OF_INPUT
    }

    private static final int HISTORY_MAX = 500;
    private static final byte ESC = 0x1b;

    private final List<String> history = new ArrayList<>();
    private String prompt = "";
    private int[] line = new int[64]; // code points
    private int length;
    private int cursor;
    private int historyIndex; // == history.size() while editing a new line
    private String unsent = ""; // the new line, kept while browsing history

    // input decoding state, kept across keys and lines
    private int escState; // 0 none, 1 after ESC, 2 in CSI ("ESC ["), 3 after "ESC O"
    private final StringBuilder escParams = new StringBuilder();
    private int utf8Pending; // continuation bytes still expected
    private int utf8Code;
    private boolean lastWasCr;

    /** Starts a new line; returns the bytes to print (the prompt). */
    byte[] begin(String newPrompt) {
        prompt = newPrompt;
        length = 0;
        cursor = 0;
        historyIndex = history.size();
        unsent = "";
        return newPrompt.getBytes(StandardCharsets.UTF_8);
    }

    /** The line being edited, as a string. */
    String line() {
        return new String(line, 0, length);
    }

    /** Bytes that redraw the prompt and the line from the start of the current screen line. */
    byte[] redraw() {
        var out = new ByteArrayOutputStream();
        redraw(out);
        return out.toByteArray();
    }

    /** Feeds one input byte; whatever should be printed is appended to {@code out}. */
    Outcome feed(int b, ByteArrayOutputStream out) {
        b &= 0xff;
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
            case 0x03 -> {
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
                deleteAt(cursor, out);
            }
            case 0x7f, 0x08 -> {
                if (cursor > 0) {
                    deleteAt(--cursor, out);
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
            case 0x0b -> {
                length = cursor;
                redraw(out);
            }
            case 0x15 -> {
                System.arraycopy(line, cursor, line, 0, length - cursor);
                length -= cursor;
                cursor = 0;
                redraw(out);
            }
            case 0x17 -> deleteWordBack(out);
            case 0x0c -> {
                write(out, "\033[H\033[2J");
                redraw(out);
            }
            case 0x10 -> historyMove(-1, out);
            case 0x0e -> historyMove(1, out);
            default -> {} // other control characters (Tab included) do nothing
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
            case '~' -> {
                switch (p) {
                    case "1", "7" -> move(0, out);
                    case "4", "8" -> move(length, out);
                    case "3" -> {
                        if (cursor < length) {
                            deleteAt(cursor, out);
                        }
                    }
                    default -> {}
                }
            }
            default -> {} // an unknown sequence is swallowed whole, never inserted as text
        }
        return Outcome.EDITING;
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
        write(
                out,
                "\n"); // the cursor is at the line's end; the tty's output processing adds the CR
        String text = line();
        if (!text.isBlank() && (history.isEmpty() || !history.getLast().equals(text))) {
            history.add(text);
            if (history.size() > HISTORY_MAX) {
                history.removeFirst();
            }
        }
        return Outcome.ACCEPTED;
    }

    private void insert(int codePoint, ByteArrayOutputStream out) {
        if (length == line.length) {
            line = java.util.Arrays.copyOf(line, length * 2);
        }
        System.arraycopy(line, cursor, line, cursor + 1, length - cursor);
        line[cursor++] = codePoint;
        length++;
        if (cursor == length) {
            write(out, Character.toString(codePoint)); // typing at the end echoes, nothing more
        } else {
            redraw(out);
        }
    }

    private void deleteAt(int at, ByteArrayOutputStream out) {
        System.arraycopy(line, at + 1, line, at, length - at - 1);
        length--;
        redraw(out);
    }

    private void deleteWordBack(ByteArrayOutputStream out) {
        int from = cursor;
        while (from > 0 && line[from - 1] == ' ') {
            from--;
        }
        while (from > 0 && line[from - 1] != ' ') {
            from--;
        }
        System.arraycopy(line, cursor, line, from, length - cursor);
        length -= cursor - from;
        cursor = from;
        redraw(out);
    }

    private void move(int to, ByteArrayOutputStream out) {
        int target = Math.max(0, Math.min(length, to));
        if (target < cursor) {
            write(out, "\033[" + (cursor - target) + "D");
        } else if (target > cursor) {
            write(out, "\033[" + (target - cursor) + "C");
        }
        cursor = target;
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
        line = java.util.Arrays.copyOf(cps, Math.max(64, cps.length * 2));
        length = cps.length;
        cursor = length;
        redraw(out);
    }

    private void redraw(ByteArrayOutputStream out) {
        write(out, "\r" + prompt + line() + "\033[K");
        if (cursor < length) {
            write(out, "\033[" + (length - cursor) + "D");
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
