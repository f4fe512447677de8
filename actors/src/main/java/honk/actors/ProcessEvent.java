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

    record Spawned(long pid, String name, long atMillis) implements ProcessEvent {
        public String describe() {
            return "spawned";
        }
    }

    record Crashed(long pid, String name, String cause, long atMillis) implements ProcessEvent {
        public String describe() {
            return "crashed: " + cause;
        }
    }

    record Restarted(long pid, String name, int restarts, long atMillis) implements ProcessEvent {
        public String describe() {
            return "restarted (restart " + restarts + ")";
        }
    }

    record Stopped(long pid, String name, long atMillis) implements ProcessEvent {
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
