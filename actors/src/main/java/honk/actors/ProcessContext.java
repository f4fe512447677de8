package honk.actors;

import akka.actor.typed.javadsl.ActorContext;

import java.util.List;

/**
 * What a running program knows of itself: identity, arguments, capabilities and its actor context.
 */
public interface ProcessContext {
    long pid();

    String name();

    List<String> args();

    Capabilities capabilities();

    /** The handle of that type, or {@link CapabilityDeniedException}. */
    default <C extends Capability> C capability(Class<C> type) {
        return capabilities().get(type, "process " + pid() + " (" + name() + ")");
    }

    ActorContext<ProcessMessage> actor();
}
