package honk.supervision;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Akka's {@code Behaviors.withStash}, with a stash that outlives a restart in place: when the child
 * is restarted inside the same actor ({@link ChildSpec#restartedInPlace()}), its next incarnation
 * gets the stash the last one left, with the messages it had not taken yet, instead of an empty
 * one. A new actor never gets another actor's stash. Call it where the behavior is made, outside
 * the setup that a restart runs again.
 */
public final class KeptStash {
    private KeptStash() {}

    /** The stash and the actor it belongs to. */
    private record Kept<T>(ActorRef<T> self, StashBuffer<T> stash) {}

    public static <T> Behavior<T> withStash(
            int capacity, Function<StashBuffer<T>, Behavior<T>> factory) {
        var kept = new AtomicReference<Kept<T>>();
        return Behaviors.withStash(
                capacity,
                fresh ->
                        Behaviors.setup(ctx -> {
                            Kept<T> k = kept.get();
                            StashBuffer<T> stash =
                                    k != null && k.self().equals(ctx.getSelf()) ? k.stash() : fresh;
                            kept.set(new Kept<>(ctx.getSelf(), stash));
                            return factory.apply(stash);
                        }));
    }
}
