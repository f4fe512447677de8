package honk.actors;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Lets a process spawn, message and kill processes. A child can be granted only capabilities its
 * parent holds (attenuation, never amplification).
 */
public interface ProcsCapability extends Capability {
    String NAME = "procs";

    /**
     * Spawns {@code program} and returns its PID; grants the subset {@code caps} of the caller's.
     */
    long spawn(String program, List<String> args, Set<String> caps);

    /** Delivers a message to a process; false if there is no running process with that PID. */
    CompletionStage<Boolean> send(long pid, ProcessMessage message);

    CompletionStage<Boolean> kill(long pid);

    @Override
    default String name() {
        return NAME;
    }
}
