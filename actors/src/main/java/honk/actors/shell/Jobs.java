package honk.actors.shell;

import java.util.LinkedHashSet;
import java.util.SequencedSet;

/**
 * The processes the shell started ({@code run}, {@code wasm}): the last one is {@code $!}, and the
 * shell prints a line when one of them crashes or fails, as a Unix shell reports its jobs. Outlives
 * the shell's incarnations ({@link ShellServices} holds it). Thread-safe: commands run on any
 * dispatcher thread.
 */
public final class Jobs {
    /**
     * PIDs remembered: a job is forgotten when it ends for good, but one that restarts forever
     * ({@code --restart=always}) never does, so the oldest go first past this many.
     */
    static final int MAX = 4096;

    private final SequencedSet<Long> pids = new LinkedHashSet<>(); // guarded by this
    private long last; // guarded by this

    /** The shell started {@code pid}: it becomes {@code $!}. */
    public synchronized void started(long pid) {
        last = pid;
        pids.add(pid);
        if (pids.size() > MAX) {
            pids.removeFirst();
        }
    }

    /** The PID of the last process started, 0 before the first: {@code $!}. */
    public synchronized long last() {
        return last;
    }

    /** Whether the shell started {@code pid} and still reports on it. */
    public synchronized boolean contains(long pid) {
        return pids.contains(pid);
    }

    /**
     * Stops reporting on {@code pid}: it ended for good, or the command that started it already
     * said how it ended.
     */
    public synchronized void forget(long pid) {
        pids.remove(pid);
    }
}
