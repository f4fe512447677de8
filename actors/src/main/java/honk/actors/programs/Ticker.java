package honk.actors.programs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ConsoleCapability;
import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.Program;
import honk.actors.Text;

import java.time.Duration;
import java.util.Set;

/**
 * Prints {@code tick N} every INTERVAL_MS (default 1000) on the console; stops after COUNT ticks if
 * given.
 */
public final class Ticker implements Program {
    private record Tick() implements ProcessMessage {}

    public String name() {
        return "ticker";
    }

    public String usage() {
        return "[INTERVAL_MS] [COUNT]";
    }

    public String summary() {
        return "print a tick every INTERVAL_MS (needs console)";
    }

    public Set<String> requestedCaps() {
        return Set.of(ConsoleCapability.NAME);
    }

    public Behavior<ProcessMessage> create(ProcessContext ctx) {
        long interval = arg(ctx, 0, 1000, 1, 3_600_000);
        long count = arg(ctx, 1, 0, 0, Long.MAX_VALUE);
        ConsoleCapability console = ctx.capability(ConsoleCapability.class);
        return Behaviors.withTimers(timers -> {
            timers.startTimerAtFixedRate(new Tick(), Duration.ofMillis(interval));
            long[] ticks = {0};
            return Behaviors.receive(ProcessMessage.class)
                    .onMessage(
                            Tick.class,
                            t -> {
                                ticks[0]++;
                                console.println("tick " + ticks[0] + " (pid " + ctx.pid() + ")");
                                return count > 0 && ticks[0] >= count
                                        ? Behaviors.stopped()
                                        : Behaviors.same();
                            })
                    .onMessage(
                            Text.class,
                            t -> {
                                console.println("ticker " + ctx.pid() + " got: " + t.text());
                                return Behaviors.same();
                            })
                    .build();
        });
    }

    static long arg(ProcessContext ctx, int i, long dflt, long min, long max) {
        if (ctx.args().size() <= i) {
            return dflt;
        }
        String s = ctx.args().get(i);
        try {
            long v = Long.parseLong(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                ctx.name() + ": argument '" + s + "' must be a number from " + min + " to " + max);
    }
}
