package honk.wasm.wasi;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A module's standard input: lines its process receives by {@code send}, read by {@code fd_read} on
 * the module's thread, which blocks until a line or the end comes (and wakes on a kill: the wait is
 * interruptible). Thread-safe: offered by the process actor, taken by the module.
 */
public final class Stdin {
    /** What {@code send PID --eof} delivers: the end of the input. */
    public static final String EOF_WORD = "--eof";

    private static final byte[] END = new byte[0];

    // offered by the process actor, taken by the module's thread
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    // module-thread-confined
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    /** Queues {@code text} and a newline, or the end of input for {@link #EOF_WORD}. */
    public void offer(String text) {
        chunks.add(text.equals(EOF_WORD) ? END : (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Up to {@code max} bytes, waiting for the first; 0 at the end of input. */
    byte[] read(int max) throws InterruptedException {
        while (pos == current.length && !ended) {
            byte[] next = chunks.take();
            if (next == END) {
                ended = true;
            } else {
                current = next;
                pos = 0;
            }
        }
        int n = Math.min(max, current.length - pos);
        byte[] out = java.util.Arrays.copyOfRange(current, pos, pos + n);
        pos += n;
        return out;
    }
}
