package honk.actors;

/**
 * A process's lifecycle state. The last four are final: the process is gone, its record stays
 * visible (in {@code ps}, over HTTP) until reaped.
 */
public enum ProcessState {
    RUNNING,
    RESTARTING,
    STOPPED,
    CRASHED,
    KILLED,
    FAILED;

    public boolean isFinal() {
        return this != RUNNING && this != RESTARTING;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
