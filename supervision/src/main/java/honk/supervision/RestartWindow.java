package honk.supervision;

import java.util.ArrayDeque;

/**
 * Sliding-window restart counter enforcing an {@link Intensity}. Not thread-safe: owned by one
 * actor (touched only in its message handler).
 */
public final class RestartWindow {
    private final Intensity intensity;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>(); // nanoTime of each restart

    public RestartWindow(Intensity intensity) {
        this.intensity = intensity;
    }

    /**
     * Records a restart at {@code nowNanos}; returns false when it would exceed the intensity (the
     * restart must not happen).
     */
    public boolean tryRestart(long nowNanos) {
        long horizon = nowNanos - intensity.period().toNanos();
        while (!restarts.isEmpty() && restarts.peekFirst() <= horizon) {
            restarts.pollFirst();
        }
        if (restarts.size() >= intensity.maxRestarts()) {
            return false;
        }
        restarts.addLast(nowNanos);
        return true;
    }

    public int recent() {
        return restarts.size();
    }

    public Intensity intensity() {
        return intensity;
    }
}
