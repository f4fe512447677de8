package honk.wasm.wasi;

import honk.actors.ConsoleCapability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A module's stdout or stderr on honk's console, which takes whole lines: bytes are held until a
 * newline (or 4 KiB without one, or the module's end) and then printed as one line. Confined to the
 * module's thread.
 */
final class ConsoleOut {
    private static final int MAX_LINE = 4096;

    private final ConsoleCapability console;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ConsoleOut(ConsoleCapability console) {
        this.console = console;
    }

    void write(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    emit();
                }
            }
        }
    }

    /** Prints what is left of an unfinished line. */
    void flush() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        console.println(line.toString(StandardCharsets.UTF_8));
        line.reset();
    }
}
