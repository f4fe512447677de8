package honk.actors;

import akka.actor.typed.Behavior;

import java.util.Set;

/**
 * A first-party program compiled into the image and found by name through {@link ProgramRegistry}
 * (a {@link java.util.ServiceLoader}). Each spawn calls {@link #create} again; a restart too.
 */
public interface Program {
    String name();

    /** One line for {@code run} and {@code help}. */
    String summary();

    /** The argument synopsis, e.g. {@code [INTERVAL_MS] [COUNT]}. */
    default String usage() {
        return "";
    }

    /**
     * The capabilities the program asks for; {@code run} grants these unless {@code --caps} says
     * otherwise.
     */
    default Set<String> requestedCaps() {
        return Set.of();
    }

    default ProcessKind kind() {
        return ProcessKind.NATIVE;
    }

    /** Whether {@code run} lists it (helper programs spawned by others are hidden). */
    default boolean listed() {
        return true;
    }

    Behavior<ProcessMessage> create(ProcessContext ctx);
}
