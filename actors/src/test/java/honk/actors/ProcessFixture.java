package honk.actors;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.eventstream.EventStream;

import com.typesafe.config.ConfigFactory;

import honk.supervision.testing.Eventually;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A process table on a test kit's shards, plus the waiting the process tests share. */
final class ProcessFixture {
    static final String QUIET =
            """
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """;
    static final Duration WAIT = Duration.ofSeconds(10);

    private ProcessFixture() {}

    static ActorTestKit testKit() {
        org.slf4j.LoggerFactory
                .getILoggerFactory(); // initialise logging before Akka's threads log concurrently
        return ActorTestKit.create(ConfigFactory.parseString(QUIET));
    }

    /** A fresh table (PIDs from 1) over {@code shards} new shards. */
    static ProcessTable table(ActorTestKit kit, int shards) {
        var refs = new ArrayList<ActorRef<ProcessShard.Command>>();
        for (int i = 0; i < shards; i++) {
            refs.add(kit.spawn(ProcessShard.create(i)));
        }
        return new ProcessTable(refs, kit.scheduler());
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the table did not answer: " + e, e);
        }
    }

    static ProcessInfo info(ProcessTable table, long pid) {
        return await(table.get(pid)).orElseThrow(() -> new AssertionError("no process " + pid));
    }

    static ProcessInfo awaitExit(ProcessTable table, long pid) {
        Optional<ProcessInfo> ended = await(table.awaitExit(pid, WAIT));
        return ended.orElseThrow(() -> new AssertionError("no process " + pid));
    }

    /** Polls the process until {@code done}; fails after {@link #WAIT} naming the last snapshot. */
    static ProcessInfo awaitInfo(ProcessTable table, long pid, Predicate<ProcessInfo> done) {
        return Eventually.await(
                "process " + pid + " reaches the expected state",
                WAIT,
                () -> info(table, pid),
                done);
    }

    /**
     * A probe subscribed to process events. The subscription is in place when this returns: our own
     * marker event, published after subscribing from the same thread, has come back.
     */
    static TestProbe<ProcessEvent> events(ActorTestKit kit) {
        TestProbe<ProcessEvent> probe = kit.createTestProbe();
        kit.system()
                .eventStream()
                .tell(new EventStream.Subscribe<>(ProcessEvent.class, probe.ref()));
        var marker = new ProcessEvent.Spawned(-1, "marker", 0);
        kit.system().eventStream().tell(new EventStream.Publish<>(marker));
        probe.fishForMessage(
                WAIT,
                e ->
                        e.equals(marker)
                                ? FishingOutcomes.complete()
                                : FishingOutcomes.continueAndIgnore());
        return probe;
    }

    /** The next {@code n} events of processes named {@code name}, skipping everyone else's. */
    static List<ProcessEvent> eventsOf(TestProbe<ProcessEvent> probe, String name, int n) {
        var out = new ArrayList<ProcessEvent>();
        while (out.size() < n) {
            ProcessEvent e = probe.receiveMessage(WAIT);
            if (e.name().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
