package honk.actors.programs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.Program;

/** Returns every {@link Ball} to its sender. Spawned by {@code ping}; needs no capability. */
public final class Pong implements Program {
    public String name() {
        return "pong";
    }

    public String summary() {
        return "return every ball to its sender (ping's partner)";
    }

    public Behavior<ProcessMessage> create(ProcessContext ctx) {
        return Behaviors.receive(ProcessMessage.class)
                .onMessage(
                        Ball.class,
                        b -> {
                            b.replyTo().tell(new Ball(b.round(), ctx.actor().getSelf()));
                            return Behaviors.same();
                        })
                .build();
    }
}
