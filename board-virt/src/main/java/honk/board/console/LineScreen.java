package honk.board.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the prompt and the line being edited sit on a VT100/xterm terminal that wraps at its width,
 * and the bytes that move its cursor there. Rows count from the prompt's first row; the cursor
 * moves by rows and columns ({@code ESC[nA}, {@code ESC[nB}, CR, {@code ESC[nC}, {@code ESC[nD}),
 * never to an absolute position, since the prompt may be anywhere on the screen.
 *
 * <p>Writing into a row's last column leaves a terminal's cursor there with the wrap pending (the
 * next character goes to the next row): {@code col == width} stands for that state. It is never
 * reached by a move, only by writing, since a row below the last one written may not exist yet (at
 * the bottom of the screen {@code ESC[nB} does not scroll); a move out of it starts with CR, whose
 * meaning no terminal disputes. A character two columns wide that does not fit in a row's last
 * column goes to the next row, as xterm puts it. Pure Java.
 */
final class LineScreen {
    /** The width assumed when the terminal does not say (a serial line reports 0 columns). */
    static final int DEFAULT_WIDTH = 80;

    /** Narrower than this is taken for a wrong answer, not a terminal. */
    static final int MIN_WIDTH = 10;

    private int width = DEFAULT_WIDTH;
    private int row; // of the terminal's cursor, from the prompt's first row
    private int col; // 0..width; width: in the last column, the wrap pending

    /** Where a character goes, and the index of the first character of its row. */
    record Spot(int row, int col, int rowStart) {}

    int width() {
        return width;
    }

    /**
     * The terminal is {@code columns} wide (ignored if implausible). The cursor is still before
     * {@code text[at]}, as the terminal laid the text out at its real width.
     */
    void resize(int columns, int[] text, int length, int at) {
        if (columns < MIN_WIDTH || columns == width) {
            return;
        }
        width = columns;
        Spot s = spot(text, length, at);
        row = s.row();
        col = s.col();
    }

    /** The cursor is at the start of an empty row: the prompt's row from now on. */
    void home() {
        row = 0;
        col = 0;
    }

    /**
     * Writes {@code text[from, to)} from where the cursor is, following it as the terminal wraps.
     */
    void emit(int[] text, int from, int to, ByteArrayOutputStream out) {
        var s = new StringBuilder();
        for (int i = from; i < to; i++) {
            int w = columns(text[i]);
            if (col + w > width) {
                row++;
                col = 0;
            }
            s.appendCodePoint(text[i]);
            col += w;
        }
        write(out, s.toString());
    }

    /**
     * Puts the cursor before {@code text[at]}, where {@code text[0, length)} is what is drawn (the
     * end of the text when {@code at == length}).
     */
    void place(int[] text, int length, int at, ByteArrayOutputStream out) {
        Spot s = spot(text, length, at);
        if (s.col() < width) {
            moveTo(s.row(), s.col(), out);
        } else if (row != s.row() || col != width) {
            moveTo(s.row(), 0, out); // the end, with the wrap pending: written into, not moved to
            emit(text, s.rowStart(), at, out);
        }
    }

    /** Moves to the prompt's first column and clears from there to the end of the screen. */
    void erase(ByteArrayOutputStream out) {
        moveTo(0, 0, out);
        write(out, "\033[J");
    }

    /** Moves to {@code (toRow, toCol)}, a place that holds a character or ends a written row. */
    void moveTo(int toRow, int toCol, ByteArrayOutputStream out) {
        var s = new StringBuilder();
        if (toRow < row) {
            s.append("\033[").append(row - toRow).append('A');
        } else if (toRow > row) {
            s.append("\033[").append(toRow - row).append('B');
        }
        if (col == width || (toCol == 0 && col != 0)) {
            s.append('\r');
            if (toCol > 0) {
                s.append("\033[").append(toCol).append('C');
            }
        } else if (toCol < col) {
            s.append("\033[").append(col - toCol).append('D');
        } else if (toCol > col) {
            s.append("\033[").append(toCol - col).append('C');
        }
        row = toRow;
        col = toCol;
        write(out, s.toString());
    }

    /**
     * Where the cursor stands before {@code text[at]}, with {@code text[0, length)} drawn: where
     * that character goes, or after the last one ({@code col == width}: the wrap pending).
     */
    Spot spot(int[] text, int length, int at) {
        int r = 0;
        int c = 0;
        int start = 0;
        for (int i = 0; i < at; i++) {
            int w = columns(text[i]);
            if (c + w > width) {
                r++;
                c = 0;
                start = i;
            }
            c += w;
        }
        if (at < length && c + columns(text[at]) > width) {
            return new Spot(r + 1, 0, at);
        }
        return new Spot(r, c, start);
    }

    /**
     * The columns a character takes: 0 for a combining mark, 2 for the wide East Asian forms and
     * emoji, 1 otherwise (after Markus Kuhn's wcwidth; enough for a prompt and a command line).
     */
    static int columns(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || cp == 0x200b) {
            return 0;
        }
        boolean wide =
                (cp >= 0x1100 && cp <= 0x115f)
                        || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
                        || (cp >= 0xac00 && cp <= 0xd7a3)
                        || (cp >= 0xf900 && cp <= 0xfaff)
                        || (cp >= 0xfe30 && cp <= 0xfe4f)
                        || (cp >= 0xff00 && cp <= 0xff60)
                        || (cp >= 0xffe0 && cp <= 0xffe6)
                        || (cp >= 0x1f300 && cp <= 0x1f64f)
                        || (cp >= 0x1f900 && cp <= 0x1f9ff)
                        || (cp >= 0x20000 && cp <= 0x3fffd);
        return wide ? 2 : 1;
    }

    /** The columns {@code text} takes on one row. */
    static int columns(String text) {
        return text.codePoints().map(LineScreen::columns).sum();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
