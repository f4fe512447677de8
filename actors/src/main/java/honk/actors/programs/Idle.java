package honk.actors.programs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.Program;

/** Does nothing until killed; messages are counted and dropped. */
public final class Idle implements Program {
    public String name() {
        return "idle";
    }

    public String summary() {
        return "does nothing until killed";
    }

    public Behavior<ProcessMessage> create(ProcessContext ctx) {
        return Behaviors.ignore();
    }
}
