package honk.supervision.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The waiting helper: what it returns, and what its failures say. */
@Timeout(60)
class EventuallyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void returnsTheFirstValueThatSatisfiesTheCondition() {
        var reads = new AtomicInteger();
        int seen =
                Eventually.await(
                        "the counter reaches 5", WAIT, reads::incrementAndGet, n -> n >= 5);
        assertEquals(5, seen);
        assertEquals(5, reads.get(), "no read after the condition held");
    }

    @Test
    void aConditionThatNeverHoldsFailsNamingTheReasonAndTheLastValue() {
        var e =
                assertThrows(
                        AssertionError.class,
                        () ->
                                Eventually.await(
                                        "the answer is 42",
                                        Duration.ofMillis(100),
                                        () -> "41",
                                        "42"::equals));
        assertEquals(
                "gave up after 100 ms waiting until the answer is 42; last seen: 41",
                e.getMessage());
    }

    @Test
    void aBooleanConditionIsPolledUntilItHolds() {
        var reads = new AtomicInteger();
        Eventually.await("the third poll", WAIT, () -> reads.incrementAndGet() == 3);
        assertEquals(3, reads.get());
    }

    @Test
    void anAssertionBlockIsRetriedUntilItPasses() {
        var runs = new AtomicInteger();
        Eventually.awaitAssert(
                "the block passes on its third run",
                WAIT,
                () -> assertEquals(3, runs.incrementAndGet()));
        assertEquals(3, runs.get());
    }

    @Test
    void anAssertionBlockThatKeepsFailingRethrowsItsLastFailureWithTheReason() {
        var runs = new AtomicInteger();
        var e =
                assertThrows(
                        AssertionError.class,
                        () ->
                                Eventually.awaitAssert(
                                        "the run count is 0",
                                        Duration.ofMillis(100),
                                        () -> assertEquals(0, runs.incrementAndGet(), "runs")));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "gave up after 100 ms waiting until the run count is 0; last"
                                        + " failure: runs ==> "),
                e.getMessage());
        assertTrue(
                e.getCause().getMessage().endsWith("but was: <" + runs.get() + ">"),
                e.getCause().getMessage());
    }

    @Test
    void aProbesOwnExceptionEndsTheWaitUnchanged() {
        var broken = new IOException("the device is gone");
        var reads = new AtomicInteger();
        var e =
                assertThrows(
                        IOException.class,
                        () ->
                                Eventually.await(
                                        "a read works",
                                        WAIT,
                                        () -> {
                                            reads.incrementAndGet();
                                            throw broken;
                                        }));
        assertSame(broken, e);
        assertEquals(1, reads.get(), "not retried");
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        var e =
                assertThrows(
                        AssertionError.class, () -> Eventually.await("never", WAIT, () -> false));
        assertTrue(Thread.interrupted(), "the flag is still set (and now cleared)");
        assertEquals("interrupted while waiting until never", e.getMessage());
    }
}
