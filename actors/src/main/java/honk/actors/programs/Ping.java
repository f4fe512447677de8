package honk.actors.programs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ConsoleCapability;
import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.ProcsCapability;
import honk.actors.Program;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Spawns a {@code pong} process (through its {@code procs} capability), plays ROUNDS round trips
 * with it, prints the message rate, kills pong and exits. Without {@code procs} it cannot start.
 */
public final class Ping implements Program {
    public String name() {
        return "ping";
    }

    public String usage() {
        return "[ROUNDS]";
    }

    public String summary() {
        return "ping-pong with a spawned pong; report the rate (needs procs, console)";
    }

    public Set<String> requestedCaps() {
        return Set.of(ProcsCapability.NAME, ConsoleCapability.NAME);
    }

    public Behavior<ProcessMessage> create(ProcessContext ctx) {
        long rounds = Ticker.arg(ctx, 0, 100_000, 1, 100_000_000);
        ProcsCapability procs = ctx.capability(ProcsCapability.class);
        ConsoleCapability console = ctx.capability(ConsoleCapability.class);
        long pong = procs.spawn("pong", List.of(), Set.of());
        long start = System.nanoTime();
        procs.send(pong, new Ball(0, ctx.actor().getSelf()));
        return Behaviors.receive(ProcessMessage.class)
                .onMessage(
                        Ball.class,
                        b -> {
                            if (b.round() + 1 < rounds) {
                                b.replyTo().tell(new Ball(b.round() + 1, ctx.actor().getSelf()));
                                return Behaviors.same();
                            }
                            double secs = (System.nanoTime() - start) / 1e9;
                            console.println(
                                    String.format(
                                            Locale.ROOT,
                                            "ping %d: %d round trips with pong %d in %.1f ms: %.0f"
                                                    + " msgs/s, %.2f us per round trip",
                                            ctx.pid(),
                                            rounds,
                                            pong,
                                            secs * 1e3,
                                            2 * rounds / secs,
                                            secs * 1e6 / rounds));
                            procs.kill(pong);
                            return Behaviors.stopped();
                        })
                .build();
    }
}
