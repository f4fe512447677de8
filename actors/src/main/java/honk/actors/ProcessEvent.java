package honk.actors;

/**
 * Lifecycle events, published on the actor system's event stream: the kernel log, the HTTP event
 * stream and the tests all read them there.
 */
public sealed interface ProcessEvent {
    long pid();

    String name();

    long atMillis();

    /** One line for the kernel log. */
    String describe();

    /**
     * @param ephemeral a short-lived worker (stress, probes): the kernel log leaves it out
     */
    record Spawned(long pid, String name, long atMillis, boolean ephemeral)
            implements ProcessEvent {
        public Spawned(long pid, String name, long atMillis) {
            this(pid, name, atMillis, false);
        }

        public String describe() {
            return "spawned";
        }
    }

    /**
     * @param trace the crash's stack trace ({@link honk.supervision.Trace}): {@code log --verbose};
     *     "" for a program's own exit with a status ({@link ProgramExit}), which is no fault
     */
    record Crashed(long pid, String name, String cause, long atMillis, String trace)
            implements ProcessEvent {
        public Crashed {
            trace = trace == null ? "" : trace;
        }

        /** A crash without a trace. */
        public Crashed(long pid, String name, String cause, long atMillis) {
            this(pid, name, cause, atMillis, "");
        }

        public String describe() {
            return "crashed: " + cause;
        }

        /** Whether something failed, rather than the program exiting with a status. */
        public boolean fault() {
            return !trace.isEmpty();
        }
    }

    record Restarted(long pid, String name, int restarts, long atMillis) implements ProcessEvent {
        public String describe() {
            return "restarted (restart " + restarts + ")";
        }
    }

    /**
     * @param ephemeral a short-lived worker (stress, probes): the kernel log leaves it out
     */
    record Stopped(long pid, String name, long atMillis, boolean ephemeral)
            implements ProcessEvent {
        public Stopped(long pid, String name, long atMillis) {
            this(pid, name, atMillis, false);
        }

        public String describe() {
            return "stopped";
        }
    }

    record Killed(long pid, String name, long atMillis) implements ProcessEvent {
        public String describe() {
            return "killed";
        }
    }

    record Failed(long pid, String name, String reason, long atMillis) implements ProcessEvent {
        public String describe() {
            return "failed: " + reason;
        }
    }
}
