package honk.actors.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words. Single quotes keep everything literally; double quotes allow
 * {@code \"} and {@code \\}; a backslash outside quotes escapes the next character. Also the
 * reverse, for Tab: a line cut at the cursor ({@link #partial}) and a word quoted back ({@link
 * #quote}).
 */
public final class CommandLine {
    private CommandLine() {}

    /**
     * A line cut at the cursor, as Tab sees it.
     *
     * @param before the whole words before the one the cursor is in
     * @param word that word so far, unquoted; "" when the cursor follows whitespace
     * @param start where that word begins in the line (at its opening quote, if it has one)
     * @param quote the quote still open at the cursor ({@code '} or {@code "}), or 0
     */
    public record Partial(List<String> before, String word, int start, char quote) {
        public Partial {
            before = List.copyOf(before);
        }
    }

    public static List<String> split(String line) {
        var scan = new Scan(line);
        if (scan.quote != 0) {
            throw new ShellException(
                    "unterminated "
                            + (scan.quote == '"' ? "double" : "single")
                            + " quote: close it with "
                            + scan.quote);
        }
        if (scan.inWord) {
            scan.words.add(scan.word.toString());
        }
        return scan.words;
    }

    /** The line {@code upToCursor} (the text before the cursor), cut into words; never throws. */
    public static Partial partial(String upToCursor) {
        var scan = new Scan(upToCursor);
        if (!scan.inWord) {
            return new Partial(scan.words, "", upToCursor.length(), (char) 0);
        }
        return new Partial(scan.words, scan.word.toString(), scan.wordStart, scan.quote);
    }

    /**
     * {@code word} as it is typed so that {@link #split} reads it back: inside the quote {@code
     * open} (0: none) that the word began with, closed after it when {@code finished}.
     */
    public static String quote(String word, char open, boolean finished) {
        if (open == '\'' && word.indexOf('\'') < 0) {
            return "'" + word + (finished ? "'" : "");
        }
        if (open == '"') {
            String inside = word.replace("\\", "\\\\").replace("\"", "\\\"");
            return "\"" + inside + (finished ? "\"" : "");
        }
        var out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** One pass over a line: the words it ends, and the state at its end. */
    private static final class Scan {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord;
        int wordStart;
        char quote;

        Scan(String line) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote == '\'') {
                    if (c == '\'') quote = 0;
                    else word.append(c);
                } else if (quote == '"') {
                    if (c == '"') {
                        quote = 0;
                    } else if (c == '\\'
                            && i + 1 < line.length()
                            && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        word.append(line.charAt(++i));
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    begin(i);
                } else if (c == '\\' && i + 1 < line.length()) {
                    begin(i);
                    word.append(line.charAt(++i));
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    begin(i);
                    word.append(c);
                }
            }
        }

        private void begin(int at) {
            if (!inWord) {
                inWord = true;
                wordStart = at;
            }
        }
    }
}
