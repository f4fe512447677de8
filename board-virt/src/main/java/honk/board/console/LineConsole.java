package honk.board.console;

import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.LineCompleter;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The line console of the host board: JLine's line editor (history, editing, Tab completion by the
 * shell's {@link LineCompleter}) when stdin is a terminal; plain lines from stdin when a script
 * pipes commands in, with each command echoed after its prompt so that a transcript reads like a
 * session. Output from any thread is printed above the line being edited. The history may be kept
 * in a file across sessions (scripts/run keeps it in the cache directory).
 */
public final class LineConsole implements ConsolePort {
    /**
     * Lines of history kept, in memory and in the file: a bound, so that the file read at start
     * stays small however long honk is used. JLine trims the file back to this once it is a quarter
     * longer.
     */
    static final int HISTORY_LINES = 1000;

    private final LineReader reader; // null when not interactive
    private final BufferedReader plain;
    private final PrintStream out;
    private final JLineCompletion completion; // JLine's parser and completer; idle when plain

    /**
     * A console editing lines on {@code terminal} with JLine; the history is read from and added to
     * {@code historyFile} (none if null).
     */
    static LineConsole onTerminal(Terminal terminal, Path historyFile, PrintStream out) {
        var completion = new JLineCompletion();
        var builder =
                LineReaderBuilder.builder()
                        .terminal(terminal)
                        .appName("honk")
                        .parser(completion)
                        .completer(completion)
                        .variable(LineReader.HISTORY_SIZE, HISTORY_LINES)
                        .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader reader = builder.build();
        reader.option(LineReader.Option.BRACKETED_PASTE, false);
        return new LineConsole(reader, null, out, completion);
    }

    private LineConsole(
            LineReader reader, BufferedReader plain, PrintStream out, JLineCompletion completion) {
        this.reader = reader;
        this.plain = plain;
        this.out = out;
        this.completion = completion;
    }

    /**
     * The console on stdin/stdout: JLine when stdin is a terminal, with the history in {@code
     * historyFile} (none if null); plain lines otherwise.
     */
    public static LineConsole open(Path historyFile) {
        var out =
                new PrintStream(
                        new java.io.FileOutputStream(java.io.FileDescriptor.out),
                        true,
                        StandardCharsets.UTF_8);
        if (System.console() != null && System.console().isTerminal()) {
            try {
                var builder = TerminalBuilder.builder().system(true);
                String type = System.getenv("TERM");
                if (type == null || type.equals("linux")) {
                    // PID 1 on a serial console: the kernel says "linux" and there is no terminfo
                    // database to look it up in; JLine knows "ansi" without one.
                    builder.type("ansi");
                }
                Terminal terminal = builder.build();
                if (terminal.getWidth() <= 0) {
                    terminal.setSize(new Size(120, 40)); // a serial line reports no size
                }
                return onTerminal(terminal, historyFile, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the terminal", e);
            }
        }
        var plain = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new LineConsole(null, plain, out, new JLineCompletion());
    }

    @Override
    public void println(String text) {
        if (reader != null) {
            reader.printAbove(text);
        } else {
            synchronized (out) {
                out.println(text);
            }
        }
    }

    @Override
    public String readLine(String prompt) {
        if (reader != null) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                return ""; // Ctrl-C drops the line being typed, as in a Unix shell
            } catch (EndOfFileException e) {
                return null;
            }
        }
        synchronized (out) {
            out.print(prompt);
            out.flush();
        }
        try {
            String line = plain.readLine();
            if (line != null) {
                synchronized (out) {
                    out.println(line);
                }
            } else {
                println("");
            }
            return line;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return reader != null;
    }

    @Override
    public void completeWith(LineCompleter completer) {
        completion.completeWith(completer);
    }
}
