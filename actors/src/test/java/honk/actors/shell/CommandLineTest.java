package honk.actors.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/** Splitting a command line into words: whitespace, quotes and escapes. */
@Timeout(60)
class CommandLineTest {

    @Test
    void wordsAreSeparatedByAnyRunOfWhitespace() {
        assertEquals(List.of("send", "7", "hello"), CommandLine.split("  send\t7   hello  "));
        assertEquals(List.of(), CommandLine.split(""));
        assertEquals(List.of(), CommandLine.split(" \t "));
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertEquals(List.of("echo", "a  b \\\" c"), CommandLine.split("echo 'a  b \\\" c'"));
    }

    @Test
    void doubleQuotesAllowEscapedQuotesAndBackslashes() {
        assertEquals(
                List.of("echo", "say \"hi\" \\ there"),
                CommandLine.split("echo \"say \\\"hi\\\" \\\\ there\""));
        assertEquals(
                List.of("a\\nb"), CommandLine.split("\"a\\nb\""), "other escapes stay as typed");
    }

    @Test
    void quotesJoinTheWordsAroundThem() {
        assertEquals(
                List.of("--caps=console,procs x"), CommandLine.split("--caps='console,procs x'"));
        assertEquals(List.of("ab", "c"), CommandLine.split("a\"b\" c"));
        assertEquals(List.of("", "x"), CommandLine.split("'' x"), "empty quotes are an empty word");
    }

    @Test
    void aBackslashOutsideQuotesEscapesTheNextCharacter() {
        assertEquals(List.of("two words", "'"), CommandLine.split("two\\ words \\'"));
        assertEquals(List.of("end\\"), CommandLine.split("end\\"), "a trailing backslash is kept");
    }

    @Test
    void anUnterminatedQuoteIsAnErrorNamingTheQuote() {
        var d = assertThrows(ShellException.class, () -> CommandLine.split("echo \"open"));
        assertEquals("unterminated double quote: close it with \"", d.getMessage());
        var s = assertThrows(ShellException.class, () -> CommandLine.split("echo 'open"));
        assertEquals("unterminated single quote: close it with '", s.getMessage());
    }

    @Test
    void aLineCutAtTheCursorGivesTheWordsBeforeAndTheWordBeingTyped() {
        assertEquals(
                new CommandLine.Partial(List.of("cp", "/a b"), "/et", 9, (char) 0),
                CommandLine.partial("cp /a\\ b /et"));
        assertEquals(
                new CommandLine.Partial(List.of("ls"), "", 3, (char) 0),
                CommandLine.partial("ls "));
        assertEquals(new CommandLine.Partial(List.of(), "", 0, (char) 0), CommandLine.partial(""));
        assertEquals(
                new CommandLine.Partial(List.of("cat"), "my fi", 4, '\''),
                CommandLine.partial("cat 'my fi"),
                "an open quote is no error here");
        assertEquals(
                new CommandLine.Partial(List.of("cat"), "my fi", 4, (char) 0),
                CommandLine.partial("cat my\\ fi"));
    }

    @Test
    void aQuotedWordSplitsBackToItself() {
        for (String word : List.of("plain", "two words", "it's", "say \"hi\"", "back\\slash")) {
            for (char open : new char[] {0, '\'', '"'}) {
                String typed = CommandLine.quote(word, open, true);
                assertEquals(List.of(word), CommandLine.split(typed), typed);
            }
        }
        assertEquals("'two words", CommandLine.quote("two words", '\'', false));
        assertEquals("two\\ words", CommandLine.quote("two words", (char) 0, false));
    }
}
