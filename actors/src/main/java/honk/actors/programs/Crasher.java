package honk.actors.programs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ConsoleCapability;
import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.Program;
import honk.actors.Text;

import java.util.Set;

/**
 * For supervision demos: crashes when it receives {@code boom}, and also on every K-th message when
 * started with {@code --every=K}. Other text is echoed when it holds the console.
 */
public final class Crasher implements Program {
    /** The failure class a crasher dies of. */
    public static final class CrashRequested extends RuntimeException {
        CrashRequested(String why) {
            super(why, null, false, false);
        }
    }

    public String name() {
        return "crasher";
    }

    public String usage() {
        return "[--every=K]";
    }

    public String summary() {
        return "crash on 'boom' (or every K messages)";
    }

    public Set<String> requestedCaps() {
        return Set.of(ConsoleCapability.NAME);
    }

    public Behavior<ProcessMessage> create(ProcessContext ctx) {
        long every = 0;
        for (String a : ctx.args()) {
            if (a.startsWith("--every=")) {
                String k = a.substring("--every=".length());
                every = k.matches("[0-9]{1,18}") ? Long.parseLong(k) : 0;
                if (every < 1) {
                    throw new IllegalArgumentException(
                            "crasher: --every needs a whole number K >= 1, not '" + k + "'");
                }
            } else {
                throw new IllegalArgumentException(
                        "crasher: unknown argument '" + a + "' (usage: crasher [--every=K])");
            }
        }
        ConsoleCapability console =
                ctx.capabilities().has(ConsoleCapability.NAME)
                        ? ctx.capability(ConsoleCapability.class)
                        : null;
        long k = every;
        long[] seen = {0};
        return Behaviors.receive(ProcessMessage.class)
                .onMessage(
                        Text.class,
                        t -> {
                            seen[0]++;
                            if (t.text().trim().equals("boom")) {
                                throw new CrashRequested("boom");
                            }
                            if (k > 0 && seen[0] % k == 0) {
                                throw new CrashRequested(
                                        "message " + seen[0] + " (every " + k + ")");
                            }
                            if (console != null) {
                                console.println("crasher " + ctx.pid() + " got: " + t.text());
                            }
                            return Behaviors.same();
                        })
                .build();
    }
}
