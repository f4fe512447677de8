package honk.board.console;

import honk.actors.kernel.ConsolePort;

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

/**
 * The line console of the host board: JLine's line editor (history, editing) when stdin is a
 * terminal; plain lines from stdin when a script pipes commands in, with each command echoed after
 * its prompt so that a transcript reads like a session. Output from any thread is printed above the
 * line being edited.
 */
public final class LineConsole implements ConsolePort {
    private final LineReader reader; // null when not interactive
    private final BufferedReader plain;
    private final PrintStream out;

    private LineConsole(LineReader reader, BufferedReader plain, PrintStream out) {
        this.reader = reader;
        this.plain = plain;
        this.out = out;
    }

    public static LineConsole open() {
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
                LineReader reader =
                        LineReaderBuilder.builder().terminal(terminal).appName("honk").build();
                reader.option(LineReader.Option.BRACKETED_PASTE, false);
                return new LineConsole(reader, null, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the terminal", e);
            }
        }
        var plain = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new LineConsole(null, plain, out);
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
}
