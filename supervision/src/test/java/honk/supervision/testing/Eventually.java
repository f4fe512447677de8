package honk.supervision.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting in tests for something that happens on another thread: polls until a condition holds, and
 * fails after a timeout with what was awaited and what was seen last. Tests wait on the condition
 * itself, never on a sleep long enough "in practice".
 *
 * <pre>{@code
 * Eventually.await("the KV store opens", Duration.ofSeconds(30),
 *         () -> k.sh("kv").getFirst(), l -> l.startsWith("kv: "));
 * Eventually.awaitAssert("the crasher is restarted", WAIT, () -> assertEquals("1", psRow(pid).get(5)));
 * }</pre>
 *
 * <p>The pause between polls starts at 1 ms and doubles up to 50 ms, so a quick answer is seen at
 * once and a slow one is not polled in a tight loop. A probe's own exceptions end the wait at once,
 * unchanged (their type is inferred from the lambda). Pure Java; shipped in supervision's test-jar
 * for every module's tests.
 */
public final class Eventually {
    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
    private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(50).toNanos();

    private Eventually() {}

    /** A condition to test again on each poll. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    /** A value to read again on each poll. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T read() throws E;
    }

    /** A block of assertions to run again on each poll. */
    @FunctionalInterface
    public interface Block<E extends Exception> {
        void run() throws E;
    }

    /** Waits until {@code condition} holds; fails after {@code timeout} naming {@code reason}. */
    public static <E extends Exception> void await(
            String reason, Duration timeout, Condition<E> condition) throws E {
        await(reason, timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * Reads {@code probe} until {@code done} holds of its value, and returns that value. Fails
     * after {@code timeout} naming {@code reason} and the last value read.
     */
    public static <T, E extends Exception> T await(
            String reason, Duration timeout, Probe<T, E> probe, Predicate<? super T> done)
            throws E {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            T last = probe.read();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(
                        "gave up after "
                                + human(timeout)
                                + " waiting until "
                                + reason
                                + "; last seen: "
                                + last);
            }
            pause(pause, reason);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    /**
     * Runs {@code block} until it passes, retrying while it throws an {@link AssertionError}. After
     * {@code timeout}, fails naming {@code reason} with the last assertion's message, and that
     * assertion as the cause.
     */
    public static <E extends Exception> void awaitAssert(
            String reason, Duration timeout, Block<E> block) throws E {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            try {
                block.run();
                return;
            } catch (AssertionError last) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError(
                            "gave up after "
                                    + human(timeout)
                                    + " waiting until "
                                    + reason
                                    + "; last failure: "
                                    + last.getMessage(),
                            last);
                }
            }
            pause(pause, reason);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    private static void pause(long nanos, String reason) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread()
                    .interrupt(); // a test timeout interrupts: keep the flag for JUnit
            throw new AssertionError("interrupted while waiting until " + reason, e);
        }
    }

    /** "10 s" or "250 ms". */
    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
