package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/** Exponential backoff: doubling from min, capped at max, stretched by bounded jitter. */
@Timeout(60)
class BackoffTest {
    private static final Duration MS100 = Duration.ofMillis(100);

    @Test
    void delayDoublesWithEachRestartWithoutJitter() {
        var b = new Backoff(MS100, Duration.ofSeconds(60), 0.5);
        assertEquals(Duration.ofMillis(100), b.delay(1, 0));
        assertEquals(Duration.ofMillis(200), b.delay(2, 0));
        assertEquals(Duration.ofMillis(400), b.delay(3, 0));
        assertEquals(Duration.ofMillis(800), b.delay(4, 0));
        assertEquals(Duration.ofMillis(1600), b.delay(5, 0));
    }

    @Test
    void restartNumbersBelowOneCountAsTheFirstRestart() {
        var b = new Backoff(MS100, Duration.ofSeconds(1), 0);
        assertEquals(MS100, b.delay(0, 0));
        assertEquals(MS100, b.delay(-5, 0));
    }

    @Test
    void delayIsCappedAtMaxEvenForHugeRestartCounts() {
        var b = new Backoff(MS100, Duration.ofSeconds(1), 0);
        assertEquals(Duration.ofMillis(800), b.delay(4, 0));
        assertEquals(Duration.ofSeconds(1), b.delay(5, 0));
        assertEquals(Duration.ofSeconds(1), b.delay(64, 0));
        assertEquals(Duration.ofSeconds(1), b.delay(Integer.MAX_VALUE, 0));
    }

    @Test
    void jitterStretchesWithinOneToOnePlusJitter() {
        var b = new Backoff(MS100, Duration.ofSeconds(60), 0.2);
        assertEquals(Duration.ofMillis(200), b.delay(2, 0.0));
        Duration nearlyOne = b.delay(2, Math.nextDown(1.0));
        assertTrue(nearlyOne.compareTo(Duration.ofMillis(239)) > 0, nearlyOne.toString());
        assertTrue(nearlyOne.compareTo(Duration.ofMillis(240)) <= 0, nearlyOne.toString());
        assertEquals(Duration.ofMillis(220), b.delay(2, 0.5));
    }

    @Test
    void jitterNeverPushesTheDelayPastMax() {
        var b = new Backoff(MS100, Duration.ofMillis(300), 1.0);
        assertEquals(Duration.ofMillis(300), b.delay(2, Math.nextDown(1.0)));
        assertEquals(Duration.ofMillis(300), b.delay(10, Math.nextDown(1.0)));
    }

    @Test
    void randomDelaysStayWithinTheJitterBounds() {
        var b = new Backoff(MS100, Duration.ofSeconds(60), 0.2);
        for (int i = 0; i < 1_000; i++) {
            Duration d = b.delay(3);
            assertTrue(d.compareTo(Duration.ofMillis(400)) >= 0, d.toString());
            assertTrue(d.compareTo(Duration.ofMillis(480)) <= 0, d.toString());
        }
    }

    @Test
    void zeroBackoffRestartsAtOnce() {
        var b = new Backoff(Duration.ZERO, Duration.ZERO, 0.5);
        assertEquals(Duration.ZERO, b.delay(1));
        assertEquals(Duration.ZERO, b.delay(30, 0.9));
    }

    @Test
    void invalidBoundsAndJitterAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(-1), MS100, 0));
        var inverted =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
        assertTrue(inverted.getMessage().contains("min <= max"), inverted.getMessage());
        var negative =
                assertThrows(IllegalArgumentException.class, () -> new Backoff(MS100, MS100, -0.1));
        assertTrue(negative.getMessage().contains("jitter"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Backoff(MS100, MS100, 1.01));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(MS100, MS100, Double.NaN));
    }
}
