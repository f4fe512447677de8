package honk.actors.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words. Single quotes keep everything literally; double quotes allow
 * {@code \"} and {@code \\}; a backslash outside quotes escapes the next character.
 */
public final class CommandLine {
    private CommandLine() {}

    public static List<String> split(String line) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
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
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new ShellException(
                    "unterminated "
                            + (quote == '"' ? "double" : "single")
                            + " quote: close it with "
                            + quote);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
