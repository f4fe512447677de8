package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/** The sliding restart window, driven with explicit nanosecond clocks. */
@Timeout(60)
class RestartWindowTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5_000 * SECOND; // an arbitrary nanoTime origin

    @Test
    void allowsMaxRestartsWithinThePeriodAndRefusesOneMore() {
        var w = new RestartWindow(Intensity.of(3, Duration.ofSeconds(10)));
        assertTrue(w.tryRestart(T0));
        assertTrue(w.tryRestart(T0 + SECOND));
        assertTrue(w.tryRestart(T0 + 2 * SECOND));
        assertEquals(3, w.recent());
        assertFalse(w.tryRestart(T0 + 3 * SECOND));
        assertEquals(3, w.recent(), "a refused restart is not recorded");
    }

    @Test
    void forgetsRestartsOlderThanThePeriod() {
        var w = new RestartWindow(Intensity.of(2, Duration.ofSeconds(10)));
        assertTrue(w.tryRestart(T0));
        assertTrue(w.tryRestart(T0 + 4 * SECOND));
        assertFalse(w.tryRestart(T0 + 9 * SECOND));
        // at T0+10s the first restart is exactly one period old: it no longer counts
        assertTrue(w.tryRestart(T0 + 10 * SECOND));
        assertFalse(w.tryRestart(T0 + 11 * SECOND));
        assertTrue(w.tryRestart(T0 + 14 * SECOND + 1));
        assertEquals(2, w.recent());
    }

    @Test
    void aLongQuietSpellClearsTheWholeWindow() {
        var w = new RestartWindow(Intensity.of(2, Duration.ofSeconds(1)));
        assertTrue(w.tryRestart(T0));
        assertTrue(w.tryRestart(T0 + 1));
        assertFalse(w.tryRestart(T0 + 2));
        assertTrue(w.tryRestart(T0 + 60 * SECOND));
        assertEquals(1, w.recent());
    }

    @Test
    void zeroIntensityRefusesTheFirstRestart() {
        var w = new RestartWindow(Intensity.of(0, Duration.ofSeconds(1)));
        assertFalse(w.tryRestart(T0));
        assertEquals(0, w.recent());
    }

    @Test
    void intensityRejectsNegativeCountsAndEmptyPeriods() {
        assertThrows(IllegalArgumentException.class, () -> Intensity.of(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Intensity.of(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Intensity.of(1, Duration.ofSeconds(-1)));
        assertEquals("5 restarts in 30000 ms", Intensity.DEFAULT.toString());
    }
}
