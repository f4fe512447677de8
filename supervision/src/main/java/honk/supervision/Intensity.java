package honk.supervision;

import java.time.Duration;

/**
 * OTP's restart intensity: at most {@code maxRestarts} restarts within any {@code period}. One more
 * and the supervised thing is given up on (a process becomes failed; a supervisor escalates).
 */
public record Intensity(int maxRestarts, Duration period) {

    /** honk's default: 5 restarts in 30 s. */
    public static final Intensity DEFAULT = new Intensity(5, Duration.ofSeconds(30));

    public Intensity {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException(
                    "intensity needs maxRestarts >= 0, got " + maxRestarts);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("intensity needs a positive period, got " + period);
        }
    }

    public static Intensity of(int maxRestarts, Duration period) {
        return new Intensity(maxRestarts, period);
    }

    @Override
    public String toString() {
        return maxRestarts + " restarts in " + period.toMillis() + " ms";
    }
}
