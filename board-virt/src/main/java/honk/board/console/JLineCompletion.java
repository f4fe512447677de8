package honk.board.console;

import honk.actors.kernel.LineCompleter;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

import java.util.List;

/**
 * The shell's {@link LineCompleter} as JLine takes it: the parser JLine asks where the word at the
 * cursor begins, and the completer it asks for candidates. The shell answers both at once, so the
 * parse for a Tab asks it and carries the answer to {@link #complete}; the candidates come quoted
 * as the shell reads them, so JLine inserts them as they are (the parsed line's escaping leaves
 * them alone). Other parses (an accepted line) are the whole line, one word: the shell splits it
 * itself, backslashes and quotes included. JLine then lists, inserts what the candidates share and
 * adds the space after a finished word, as it does for any completer.
 */
final class JLineCompletion implements Parser, Completer {
    private volatile LineCompleter completer = LineCompleter.NONE;

    void completeWith(LineCompleter shell) {
        this.completer = shell;
    }

    /**
     * A parse: the word before the cursor, and for a Tab the shell's answer. Its candidates are
     * quoted already, so escaping leaves them as they are.
     */
    private record Parsed(String line, int cursor, int start, LineCompleter.Completion completion)
            implements CompletingParsedLine {
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor();
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }

        @Override
        public String word() {
            return line.substring(start, cursor);
        }

        @Override
        public int wordCursor() {
            return cursor - start;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word());
        }
    }

    /**
     * None: the shell reads backslashes itself ({@code two\ words}). JLine would otherwise take
     * them out of the accepted line.
     */
    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        int at = Math.max(0, Math.min(cursor, line.length()));
        if (context != ParseContext.COMPLETE) {
            return new Parsed(line, at, 0, LineCompleter.Completion.NONE);
        }
        LineCompleter.Completion answer;
        try {
            answer = completer.complete(line, at);
        } catch (RuntimeException e) {
            answer = LineCompleter.Completion.NONE;
        }
        int start = Math.max(0, Math.min(answer.start(), at));
        return new Parsed(line, at, start, answer);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line instanceof Parsed parsed) {
            for (LineCompleter.Candidate c : parsed.completion().candidates()) {
                candidates.add(
                        new Candidate(c.text(), c.display(), null, null, null, null, c.complete()));
            }
        }
    }
}
