package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;

import honk.supervision.TestWorker.Crash;
import honk.supervision.TestWorker.Echo;
import honk.supervision.TestWorker.Echoed;
import honk.supervision.TestWorker.Msg;
import honk.supervision.TestWorker.Seen;
import honk.supervision.TestWorker.Started;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What happens while a child waits out its backoff, on a manual clock so that "not yet" and "now"
 * are exact: the restarting state, the handle holding messages, and the backoff doubling.
 */
@Timeout(60)
class SupervisorBackoffTest {
    private static final ActorTestKit testKit = TestKits.quiet(ManualTime.config());
    private static final ManualTime clock = ManualTime.get(testKit.system());
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private record Tree(
            ActorRef<Supervisor.Command> sup,
            Map<String, ServiceHandle<Msg>> handles,
            TestProbe<Seen> seen) {}

    private static Tree start(String name, Backoff backoff, String... ids) {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var handles = new HashMap<String, ServiceHandle<Msg>>();
        List<ChildSpec<?>> specs = new ArrayList<>();
        for (String id : ids) {
            var h = new ServiceHandle<Msg>(id);
            handles.put(id, h);
            specs.add(
                    ChildSpec.worker(id, TestWorker.create(id, seen.ref()))
                            .backoff(backoff)
                            .handle(h));
        }
        var sup =
                testKit.spawn(
                        Supervisor.create(
                                name,
                                Strategy.ONE_FOR_ONE,
                                Intensity.of(10, Duration.ofMinutes(1)),
                                specs));
        for (int i = 0; i < ids.length; i++) {
            seen.expectMessageClass(Started.class, WAIT);
        }
        return new Tree(sup, handles, seen);
    }

    private static Supervisor.Children children(ActorRef<Supervisor.Command> sup) {
        TestProbe<Supervisor.Children> reply = testKit.createTestProbe();
        sup.tell(new Supervisor.GetChildren(reply.ref()));
        return reply.receiveMessage(WAIT);
    }

    private static String state(Supervisor.Children c, String id) {
        return c.children().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow()
                .state();
    }

    /**
     * Polls until {@code done}; the restart timer is armed in the same step that marks a child
     * restarting.
     */
    private static void awaitChildren(
            ActorRef<Supervisor.Command> sup, Predicate<Supervisor.Children> done) {
        Eventually.await(
                "the supervisor reaches the expected state", WAIT, () -> children(sup), done);
    }

    @Test
    void aChildWaitingOutItsBackoffIsRestartingAndItsHandleHoldsMessagesForTheNextIncarnation()
            throws Exception {
        var tree =
                start("holding", new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0), "a");
        var handle = tree.handles().get("a");
        handle.tell(new Crash());
        awaitChildren(tree.sup(), c -> state(c, "a").equals("restarting"));
        handle.tell(new Echo("one"));
        handle.tell(new Echo("two"));
        assertNull(handle.current(), "the handle is down while the child restarts");
        assertFalse(handle.isUp());

        clock.expectNoMessageFor(Duration.ofMillis(999), tree.seen());
        assertEquals("restarting", state(children(tree.sup()), "a"));
        clock.timePasses(Duration.ofMillis(1));

        var started = (Started) tree.seen().expectMessageClass(Started.class, WAIT);
        var first = (Echoed) tree.seen().expectMessageClass(Echoed.class, WAIT);
        var second = (Echoed) tree.seen().expectMessageClass(Echoed.class, WAIT);
        assertEquals(List.of("one", "two"), List.of(first.text(), second.text()));
        assertEquals(started.self(), first.self(), "held messages go to the new incarnation");
        assertEquals(started.self(), second.self());
        assertEquals("running", state(children(tree.sup()), "a"));
        testKit.stop(tree.sup());
    }

    @Test
    void theBackoffDoublesWithEachRestartOfTheSameChild() throws Exception {
        var tree =
                start(
                        "doubling",
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0),
                        "a");
        var handle = tree.handles().get("a");
        for (long delay : new long[] {100, 200, 400}) {
            handle.tell(new Crash());
            awaitChildren(tree.sup(), c -> state(c, "a").equals("restarting"));
            clock.expectNoMessageFor(Duration.ofMillis(delay - 1), tree.seen());
            clock.timePasses(Duration.ofMillis(1));
            tree.seen().expectMessageClass(Started.class, WAIT);
        }
        testKit.stop(tree.sup());
    }

    @Test
    void twoChildrenCrashingWithinOneBackoffAreBothRestarted() throws Exception {
        var tree =
                start(
                        "overlap",
                        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
                        "a",
                        "b");
        tree.handles().get("a").tell(new Crash());
        awaitChildren(tree.sup(), c -> state(c, "a").equals("restarting"));
        tree.handles().get("b").tell(new Crash());
        awaitChildren(tree.sup(), c -> state(c, "b").equals("restarting"));
        clock.timePasses(Duration.ofSeconds(1));
        var ids =
                List.of(
                        ((Started) tree.seen().expectMessageClass(Started.class, WAIT)).id(),
                        ((Started) tree.seen().expectMessageClass(Started.class, WAIT)).id());
        assertEquals(List.of("a", "b"), ids.stream().sorted().toList());
        awaitChildren(
                tree.sup(), c -> c.children().stream().allMatch(s -> s.state().equals("running")));
        testKit.stop(tree.sup());
    }
}
