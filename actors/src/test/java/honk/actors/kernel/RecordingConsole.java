package honk.actors.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A {@link ConsolePort} for tests: records every printed line and lets a test wait for one. Input
 * is never read ({@link #readLine} returns null at once, as at the end of a script); tests feed the
 * shell or the console driver directly. Published in actors' test jar so that every module's tests
 * can use it. Thread-safe: processes, the shell and the test thread print and read concurrently.
 *
 * <p>Lines are numbered from 0 in the order printed; {@link #size()} is a mark a test can take
 * before a command and pass to {@link #awaitIndex} to look only at what was printed after it.
 */
public final class RecordingConsole implements ConsolePort {
    private final List<String> lines = new ArrayList<>(); // guarded by this

    /** Records {@code text}, one entry per line ({@code \n} or {@code \r\n} separated). */
    @Override
    public void println(String text) {
        String[] parts = String.valueOf(text).split("\r?\n", -1);
        synchronized (this) {
            for (String p : parts) {
                lines.add(p);
            }
            notifyAll();
        }
    }

    /** Always null: there is no input to read; tests post input to the console driver instead. */
    @Override
    public String readLine(String prompt) {
        return null;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    /**
     * How many lines were printed so far: a mark for {@link #awaitIndex} and {@link #linesFrom}.
     */
    public synchronized int size() {
        return lines.size();
    }

    /** A copy of every line printed so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** A copy of the lines printed at index {@code from} and after. */
    public synchronized List<String> linesFrom(int from) {
        return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
    }

    /** Returns every line printed so far and forgets them (marks taken before become stale). */
    public synchronized List<String> takeAll() {
        List<String> all = List.copyOf(lines);
        lines.clear();
        return all;
    }

    /**
     * Waits until a line at index {@code from} or later matches, and returns its index.
     *
     * @throws TimeoutException naming the last lines seen, if none matched within {@code timeout}
     */
    public synchronized int awaitIndex(int from, Predicate<String> match, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = Math.max(0, from);
        while (true) {
            for (; next < lines.size(); next++) {
                if (match.test(lines.get(next))) {
                    return next;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                int tail = Math.max(0, lines.size() - 20);
                throw new TimeoutException(
                        "no matching console line within "
                                + timeout.toMillis()
                                + " ms; the last lines were: "
                                + lines.subList(tail, lines.size()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** As {@link #awaitIndex}, returning the line itself. */
    public String awaitLine(int from, Predicate<String> match, Duration timeout)
            throws TimeoutException, InterruptedException {
        int i = awaitIndex(from, match, timeout);
        synchronized (this) {
            return lines.get(i);
        }
    }

    /** Waits for a matching line anywhere in what was printed (from the first line on). */
    public String awaitLine(Predicate<String> match, Duration timeout)
            throws TimeoutException, InterruptedException {
        return awaitLine(0, match, timeout);
    }
}
