package honk.board.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small VT100/xterm terminal for the line editor's tests: a screen {@code width} columns wide
 * that wraps with the wrap pending in the last column, turns "\n" into CR LF as a tty's output
 * processing does, and moves, erases and saves the cursor as the editor asks. Like a terminal whose
 * prompt is on its bottom row, it never scrolls for {@code ESC[nB}: a move below the last row
 * written stops there, and a move above the first row fails the test (the editor went into output
 * that was not its own).
 */
final class VtScreen {
    private final int width;
    private final List<int[]> rows = new ArrayList<>();
    private int row;
    private int col;
    private boolean pending; // the wrap: the cursor is in the last column, the next character wraps
    private int savedRow;
    private int savedCol;
    private int bells;

    VtScreen(int width) {
        this.width = width;
        rows.add(blank());
    }

    private int[] blank() {
        int[] r = new int[width];
        java.util.Arrays.fill(r, ' ');
        return r;
    }

    void feed(byte[] bytes) {
        int[] cps = new String(bytes, StandardCharsets.UTF_8).codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == 0x1b) {
                i = escape(cps, i + 1);
            } else if (c == '\r') {
                col = 0;
                pending = false;
            } else if (c == '\n') {
                col = 0;
                pending = false;
                down();
            } else if (c == 7) {
                bells++;
            } else if (c >= 0x20) {
                print(c);
            } else {
                throw new AssertionError("unexpected control character " + c);
            }
        }
    }

    private void down() {
        row++;
        if (row == rows.size()) {
            rows.add(blank());
        }
    }

    private void print(int c) {
        int w = LineScreen.columns(c);
        if (pending || col + w > width) {
            col = 0;
            down();
        }
        pending = false;
        rows.get(row)[col] = c;
        if (w == 2) {
            rows.get(row)[col + 1] = 0; // the wide character's right half
        }
        col += w;
        if (col >= width) {
            col = width - 1;
            pending = true;
        }
    }

    /** Handles the sequence after ESC at {@code i}; returns the index of its last character. */
    private int escape(int[] cps, int i) {
        if (cps[i] == '7') {
            savedRow = row;
            savedCol = col;
            return i;
        }
        if (cps[i] == '8') {
            row = savedRow;
            col = savedCol;
            pending = false;
            return i;
        }
        if (cps[i] != '[') {
            throw new AssertionError("unexpected ESC " + (char) cps[i]);
        }
        var params = new StringBuilder();
        int j = i + 1;
        while (Character.isDigit(cps[j]) || cps[j] == ';') {
            params.append((char) cps[j++]);
        }
        int n = params.isEmpty() ? 1 : Integer.parseInt(params.toString().split(";")[0]);
        pending = false;
        switch (cps[j]) {
            case 'A' -> {
                if (row - n < 0) {
                    throw new AssertionError("moved " + n + " rows up from row " + row);
                }
                row -= n;
            }
            case 'B' -> row = Math.min(rows.size() - 1, row + n);
            case 'C' -> col = Math.min(width - 1, col + n);
            case 'D' -> col = Math.max(0, col - n);
            case 'H' -> {
                row = 0;
                col = 0;
            }
            case 'J' -> {
                if (params.toString().equals("2")) {
                    rows.clear();
                    rows.add(blank());
                } else {
                    java.util.Arrays.fill(rows.get(row), col, width, ' ');
                    rows.subList(row + 1, rows.size()).clear();
                }
            }
            case 'K' -> java.util.Arrays.fill(rows.get(row), col, width, ' ');
            case 'n' -> {} // a position report is asked for: the test answers it itself
            default -> throw new AssertionError("unexpected CSI " + (char) cps[j]);
        }
        return j;
    }

    /** The rows, without trailing blanks. */
    List<String> lines() {
        var out = new ArrayList<String>();
        for (int[] r : rows) {
            var s = new StringBuilder();
            for (int c : r) {
                if (c != 0) {
                    s.appendCodePoint(c);
                }
            }
            out.add(s.toString().stripTrailing());
        }
        return out;
    }

    /** Where the cursor is: {row, col}; col is the width while a wrap is pending. */
    int[] cursor() {
        return new int[] {row, pending ? width : col};
    }

    int bells() {
        return bells;
    }
}
