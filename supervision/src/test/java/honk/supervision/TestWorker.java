package honk.supervision;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * A supervised child for the supervisor tests: tells its observer each time an incarnation starts,
 * crashes or stops normally on request, and echoes text back so a test can see which incarnation
 * got a message. An echo of {@link #BOOM} crashes it instead.
 */
final class TestWorker {
    static final String BOOM = "boom";

    private TestWorker() {}

    sealed interface Msg {}

    record Crash() implements Msg {}

    record Stop() implements Msg {}

    record Echo(String text) implements Msg {}

    sealed interface Seen {}

    record Started(String id, ActorRef<Msg> self) implements Seen {}

    record Echoed(String id, ActorRef<Msg> self, String text) implements Seen {}

    static Behavior<Msg> create(String id, ActorRef<Seen> observer) {
        return Behaviors.setup(ctx -> {
            observer.tell(new Started(id, ctx.getSelf()));
            return Behaviors.receive(Msg.class)
                    .onMessage(
                            Crash.class,
                            m -> {
                                throw new IllegalStateException(id + " crashed on request");
                            })
                    .onMessage(Stop.class, m -> Behaviors.stopped())
                    .onMessage(
                            Echo.class,
                            m -> {
                                if (m.text().equals(BOOM)) {
                                    throw new IllegalStateException(
                                            id + " crashed on an echo of " + BOOM);
                                }
                                observer.tell(new Echoed(id, ctx.getSelf(), m.text()));
                                return Behaviors.same();
                            })
                    .build();
        });
    }
}
