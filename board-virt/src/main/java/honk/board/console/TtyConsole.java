package honk.board.console;

import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.LineCompleter;
import honk.board.linux.Linux;
import honk.board.linux.NativeIoException;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The console of the virt board: stdin (the kernel's /dev/console on the serial line) put into raw
 * mode with ioctl(TCSETS) through FFM, and honk's own {@link LineEditor} on it. JLine does the same
 * on the host, but its start-up (terminal providers, native bindings, hundreds of widgets) took ~10
 * s of a ~25 s boot under TCG; this console starts in milliseconds. Output from any thread is
 * printed above the line being edited. Each prompt takes the terminal's width from {@code
 * ioctl(TIOCGWINSZ)}; a serial line reports none, so the terminal itself is asked ({@link
 * LineEditor#ASK_WIDTH}: again at each prompt once it has answered, to follow a resize) and 80
 * columns are assumed until it answers, or if it never does. Tab asks the shell's {@link
 * LineCompleter} outside the lock, so that output from other threads is not held up by it.
 * board-virt only; needs a Linux terminal on fd 0.
 */
public final class TtyConsole implements ConsolePort {
    private final InputStream in;
    private final OutputStream out;
    private final IntSupplier columns; // the terminal's width, 0 when it does not say
    private final boolean askTerminal; // ask a terminal that does not say its width
    private final LineEditor editor = new LineEditor();
    private final Object lock = new Object(); // guards editor, editing and every write to out
    private volatile LineCompleter completer = LineCompleter.NONE;

    // reader-confined: bytes read past the end of the last accepted line (typed ahead)
    private final byte[] buffer = new byte[4096];
    private int bufferStart;
    private int bufferEnd;

    private boolean editing; // guarded by lock

    TtyConsole(InputStream in, OutputStream out) {
        this(in, out, () -> 0, false);
    }

    /**
     * @param columns the terminal's width now, 0 when it does not say
     * @param askTerminal whether to ask the terminal itself when {@code columns} says 0 (only a
     *     terminal answers; the question would be noise in a pipe)
     */
    TtyConsole(InputStream in, OutputStream out, IntSupplier columns, boolean askTerminal) {
        this.in = in;
        this.out = out;
        this.columns = columns;
        this.askTerminal = askTerminal;
    }

    /**
     * The console on fd 0/1, in raw mode when fd 0 is a terminal. When it is not (a pipe or a
     * file), the editor reads the bytes as they come and echoes each line, so a piped transcript
     * reads like a session. Raw mode is set here, before the kernel starts: setting it on a thread
     * beside Akka's start-up was measured slower under TCG (prompt at a median 19.8 s instead of
     * 16.6 s at -smp 4), the two contend for the emulated harts. The original mode is not restored:
     * on the virt board honk is PID 1 and the terminal lives as long as honk.
     */
    public static TtyConsole openStdin() {
        boolean terminal = false;
        try {
            if (Linux.isAvailable()) {
                Linux.tcsetattr(0, Linux.tcgetattr(0).raw());
                terminal = true;
            }
        } catch (NativeIoException e) {
            // ENOTTY: not a terminal; the editor still works on the bytes it reads
        }
        return new TtyConsole(
                new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out),
                terminal ? TtyConsole::stdinColumns : () -> 0,
                terminal);
    }

    /** The width of the terminal on fd 0, or 0 when it does not say (a serial line). */
    private static int stdinColumns() {
        try {
            return Linux.terminalColumns(0);
        } catch (NativeIoException e) {
            return 0;
        }
    }

    @Override
    public void completeWith(LineCompleter completer) {
        this.completer = completer;
    }

    @Override
    public void println(String text) {
        synchronized (lock) {
            var bytes = new ByteArrayOutputStream();
            if (editing) {
                bytes.writeBytes(editor.erase());
            }
            bytes.writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
            if (editing) {
                bytes.writeBytes(editor.redraw());
            }
            write(bytes.toByteArray());
        }
    }

    @Override
    public String readLine(String prompt) {
        synchronized (lock) {
            int width = columns.getAsInt();
            if (width > 0) {
                editor.width(width);
            }
            write(editor.begin(prompt));
            if (width <= 0 && askTerminal) {
                write(editor.askWidth());
            }
            editing = true;
        }
        try {
            while (true) {
                if (bufferStart == bufferEnd) {
                    int n = in.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        return endOfInput();
                    }
                    bufferStart = 0;
                    bufferEnd = n;
                }
                LineEditor.Outcome outcome = feedBuffered();
                switch (outcome) {
                    case ACCEPTED -> {
                        return editor.line();
                    }
                    case INTERRUPTED -> {
                        return ""; // Ctrl-C drops the line being typed, as in a Unix shell
                    }
                    case END_OF_INPUT -> {
                        return null;
                    }
                    case COMPLETING -> complete();
                    case EDITING -> {} // the buffer is used up: read more
                }
            }
        } catch (IOException e) {
            return endOfInput();
        }
    }

    /**
     * Feeds buffered bytes to the editor until a line ends, Tab asks for completion, or the buffer
     * is used up.
     */
    private LineEditor.Outcome feedBuffered() {
        synchronized (lock) {
            var echo = new ByteArrayOutputStream();
            try {
                while (bufferStart < bufferEnd) {
                    LineEditor.Outcome outcome = editor.feed(buffer[bufferStart++], echo);
                    if (outcome == LineEditor.Outcome.COMPLETING) {
                        return outcome;
                    }
                    if (outcome != LineEditor.Outcome.EDITING) {
                        editing = false;
                        return outcome;
                    }
                }
                return LineEditor.Outcome.EDITING;
            } finally {
                write(echo.toByteArray());
            }
        }
    }

    /** Asks the completer about the line as it is (outside the lock), then lets the editor act. */
    private void complete() {
        String line;
        int cursor;
        synchronized (lock) {
            line = editor.line();
            cursor = editor.cursor();
        }
        LineCompleter.Completion completion;
        try {
            completion = completer.complete(line, cursor);
        } catch (RuntimeException e) {
            completion = LineCompleter.Completion.NONE; // a Tab never ends the console
        }
        synchronized (lock) {
            var echo = new ByteArrayOutputStream();
            editor.complete(completion, echo);
            write(echo.toByteArray());
        }
    }

    private String endOfInput() {
        synchronized (lock) {
            editing = false;
            write("\n".getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private void write(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the console is gone; there is nowhere left to report it
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }
}
