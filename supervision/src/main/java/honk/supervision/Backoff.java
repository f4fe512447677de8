package honk.supervision;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between restarts: {@code min * 2^(n-1)}, capped at {@code max}, then
 * stretched by a random factor in {@code [1, 1 + jitter]} so that crashed siblings do not restart
 * in lock step.
 */
public record Backoff(Duration min, Duration max, double jitter) {

    /** honk's default for processes: 100 ms doubling to 10 s, 20 % jitter. */
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2);

    public Backoff {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 <= min <= max, got " + min + ".." + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) { // written so that NaN is rejected too
            throw new IllegalArgumentException(
                    "backoff jitter must be within [0, 1], got " + jitter);
        }
    }

    /** The delay before restart number {@code restart} (1 = the first restart). */
    public Duration delay(int restart) {
        return delay(restart, ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #delay(int)}, with the random draw {@code u} in [0, 1) given (for tests). */
    public Duration delay(int restart, double u) {
        int shift = Math.max(0, Math.min(restart - 1, 30));
        double base = Math.min((double) min.toNanos() * (1L << shift), (double) max.toNanos());
        double stretched = Math.min(base * (1 + jitter * u), (double) max.toNanos());
        return Duration.ofNanos((long) stretched);
    }
}
