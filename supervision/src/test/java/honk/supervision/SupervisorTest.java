package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;

import honk.supervision.TestWorker.Crash;
import honk.supervision.TestWorker.Msg;
import honk.supervision.TestWorker.Seen;
import honk.supervision.TestWorker.Started;
import honk.supervision.TestWorker.Stop;
import honk.supervision.testing.Eventually;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The OTP-shaped supervisor against live actors: the restart type × exit × strategy matrix (as in
 * OTP's supervisor suite), intensity escalation, fault injection, status queries and reports.
 * Backoff is zero here; timing-dependent behaviour is in {@link SupervisorBackoffTest}.
 */
@Timeout(60)
class SupervisorTest {
    private static final ActorTestKit testKit = TestKits.quiet();
    private static final Backoff NOW = new Backoff(Duration.ZERO, Duration.ZERO, 0);
    private static final Intensity ROOMY = Intensity.of(10, Duration.ofMinutes(1));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger names = new AtomicInteger();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    enum Exit {
        CRASH,
        NORMAL
    }

    /** Three children a, b, c of one restart type, with handles; b is the one that exits. */
    private record Tree(
            ActorRef<Supervisor.Command> sup,
            Map<String, ServiceHandle<Msg>> handles,
            Map<String, ActorRef<Msg>> first,
            TestProbe<Seen> seen) {}

    private static Tree startTree(
            String name, Strategy strategy, Intensity intensity, Restart... types) {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var handles = new LinkedHashMap<String, ServiceHandle<Msg>>();
        List<ChildSpec<?>> specs = new ArrayList<>();
        String[] ids = {"a", "b", "c"};
        for (int i = 0; i < types.length; i++) {
            var h = new ServiceHandle<Msg>(ids[i]);
            handles.put(ids[i], h);
            specs.add(
                    ChildSpec.worker(ids[i], TestWorker.create(ids[i], seen.ref()))
                            .restart(types[i])
                            .backoff(NOW)
                            .handle(h));
        }
        var sup = testKit.spawn(Supervisor.create(name, strategy, intensity, specs));
        var first = awaitStarts(seen, types.length);
        assertEquals(handles.keySet(), first.keySet());
        return new Tree(sup, handles, first, seen);
    }

    private static Map<String, ActorRef<Msg>> awaitStarts(TestProbe<Seen> seen, int n) {
        var started = new HashMap<String, ActorRef<Msg>>();
        for (int i = 0; i < n; i++) {
            Started s = (Started) seen.expectMessageClass(Started.class, WAIT);
            if (started.put(s.id(), s.self()) != null) {
                fail("child " + s.id() + " started twice; expected each of " + n + " starts once");
            }
        }
        return started;
    }

    private static void awaitStopped(ActorRef<?> ref) {
        testKit.createTestProbe().expectTerminated(ref, WAIT);
    }

    static Supervisor.Children children(ActorRef<Supervisor.Command> sup) {
        TestProbe<Supervisor.Children> reply = testKit.createTestProbe();
        sup.tell(new Supervisor.GetChildren(reply.ref()));
        return reply.receiveMessage(WAIT);
    }

    static Supervisor.ChildStatus status(Supervisor.Children c, String id) {
        return c.children().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** Polls the supervisor until its children satisfy {@code done}; fails after {@link #WAIT}. */
    static Supervisor.Children awaitChildren(
            ActorRef<Supervisor.Command> sup, Predicate<Supervisor.Children> done) {
        return Eventually.await(
                "the supervisor reaches the expected state", WAIT, () -> children(sup), done);
    }

    static Stream<Arguments> matrix() {
        var cases = new ArrayList<Arguments>();
        for (Restart type : Restart.values()) {
            for (Exit exit : Exit.values()) {
                for (Strategy strategy : Strategy.values()) {
                    cases.add(Arguments.of(type, exit, strategy));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} child b, exit {1}, {2}")
    @MethodSource("matrix")
    void restartTypeExitAndStrategyDecideWhichChildrenGetNewIncarnations(
            Restart type, Exit exit, Strategy strategy) throws InterruptedException {
        var tree =
                startTree("matrix-" + names.incrementAndGet(), strategy, ROOMY, type, type, type);
        ActorRef<Msg> oldB = tree.first().get("b");
        tree.handles().get("b").tell(exit == Exit.CRASH ? new Crash() : new Stop());
        awaitStopped(oldB);

        boolean restarted =
                type == Restart.PERMANENT || (type == Restart.TRANSIENT && exit == Exit.CRASH);
        Set<String> group =
                !restarted
                        ? Set.of()
                        : switch (strategy) {
                            case ONE_FOR_ONE -> Set.of("b");
                            case ONE_FOR_ALL -> Set.of("a", "b", "c");
                            case REST_FOR_ONE -> Set.of("b", "c");
                        };

        Supervisor.Children after;
        if (group.isEmpty()) {
            after = awaitChildren(tree.sup(), c -> status(c, "b").state().equals("stopped"));
            assertNull(tree.handles().get("b").current(), "a removed child's handle stays down");
        } else {
            var newRefs = awaitStarts(tree.seen(), group.size());
            assertEquals(group, newRefs.keySet());
            for (String id : group) {
                assertNotEquals(
                        tree.first().get(id), newRefs.get(id), id + " is a new incarnation");
                awaitStopped(tree.first().get(id));
            }
            after = children(tree.sup());
            for (String id : group) {
                assertEquals(
                        newRefs.get(id),
                        tree.handles().get(id).current(),
                        id + "'s handle follows the restart");
            }
        }
        for (String id : List.of("a", "b", "c")) {
            var s = status(after, id);
            assertEquals(group.contains(id) ? 1 : 0, s.restarts(), id + " restarts: " + after);
            if (!id.equals("b")) {
                assertEquals("running", s.state(), after.toString());
            }
            if (!group.contains(id) && !id.equals("b")) {
                assertEquals(
                        tree.first().get(id),
                        tree.handles().get(id).current(),
                        id + " was left alone");
            }
        }
        String lastB = status(after, "b").lastFailure();
        assertEquals(
                exit == Exit.CRASH,
                lastB.contains("IllegalStateException: b crashed on request"),
                lastB);
        testKit.stop(tree.sup());
    }

    @Test
    void aTemporaryChildIsNotRestartedAfterAbnormalExitWhileItsSiblingsRunOn()
            throws InterruptedException {
        var tree =
                startTree(
                        "temp-sibling",
                        Strategy.REST_FOR_ONE,
                        ROOMY,
                        Restart.PERMANENT,
                        Restart.TEMPORARY,
                        Restart.PERMANENT);
        tree.handles().get("b").tell(new Crash());
        var after = awaitChildren(tree.sup(), c -> status(c, "b").state().equals("stopped"));
        assertEquals("running", status(after, "a").state());
        assertEquals("running", status(after, "c").state());
        assertEquals(0, status(after, "c").restarts(), "a removed temporary child restarts nobody");
        testKit.stop(tree.sup());
    }

    @Test
    void getChildrenReportsNameStrategyStatesAndRestartsInStartOrder() throws InterruptedException {
        var tree =
                startTree(
                        "status",
                        Strategy.ONE_FOR_ONE,
                        ROOMY,
                        Restart.PERMANENT,
                        Restart.TRANSIENT,
                        Restart.TEMPORARY);
        var before = children(tree.sup());
        assertEquals("status", before.supervisor());
        assertEquals(Strategy.ONE_FOR_ONE, before.strategy());
        assertEquals(
                List.of("a", "b", "c"),
                before.children().stream().map(Supervisor.ChildStatus::id).toList());
        for (var s : before.children()) {
            assertEquals(new Supervisor.ChildStatus(s.id(), "running", 0, ""), s);
        }
        tree.handles().get("a").tell(new Crash());
        awaitStarts(tree.seen(), 1);
        tree.handles().get("a").tell(new Crash());
        awaitStarts(tree.seen(), 1);
        tree.handles().get("c").tell(new Stop());
        var after = awaitChildren(tree.sup(), c -> status(c, "c").state().equals("stopped"));
        assertEquals(
                new Supervisor.ChildStatus(
                        "a", "running", 2, "IllegalStateException: a crashed on request"),
                status(after, "a"));
        assertEquals(new Supervisor.ChildStatus("b", "running", 0, ""), status(after, "b"));
        assertEquals(new Supervisor.ChildStatus("c", "stopped", 0, ""), status(after, "c"));
        testKit.stop(tree.sup());
    }

    record ParentSaw(Terminated signal) {}

    /**
     * Spawns {@code sup} in {@code kit} under a parent that stops it on failure and watches it; the
     * probe hears the parent's Terminated signal, so a test sees whether the supervisor failed
     * (escalated) or stopped.
     */
    static TestProbe<ParentSaw> underAWatchingParent(
            ActorTestKit kit, Behavior<Supervisor.Command> sup, String name) {
        TestProbe<ParentSaw> signals = kit.createTestProbe();
        kit.spawn(
                Behaviors.<Void>setup(ctx -> {
                    var ref =
                            ctx.spawn(
                                    Behaviors.supervise(sup)
                                            .onFailure(
                                                    SupervisorStrategy.stop()
                                                            .withLoggingEnabled(false)),
                                    name);
                    ctx.watch(ref);
                    return Behaviors.receive(Void.class)
                            .onSignal(
                                    Terminated.class,
                                    t -> {
                                        // wrapped: a Signal told as a message is taken as a signal
                                        signals.ref().tell(new ParentSaw(t));
                                        return Behaviors.same();
                                    })
                            .build();
                }));
        return signals;
    }

    @Test
    void exceedingTheIntensityMakesTheSupervisorFailWithSupervisorGaveUp() {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var handle = new ServiceHandle<Msg>("w");
        List<ChildSpec<?>> specs =
                List.of(
                        ChildSpec.worker("w", TestWorker.create("w", seen.ref()))
                                .backoff(NOW)
                                .handle(handle));
        Behavior<Supervisor.Command> sup =
                Supervisor.create(
                        "doomed",
                        Strategy.ONE_FOR_ONE,
                        Intensity.of(2, Duration.ofMinutes(1)),
                        specs);
        TestProbe<ParentSaw> signals = underAWatchingParent(testKit, sup, "doomed");
        awaitStarts(seen, 1);
        for (int restart = 1; restart <= 2; restart++) {
            handle.tell(new Crash());
            awaitStarts(seen, 1);
        }
        handle.tell(new Crash());
        Terminated t = signals.receiveMessage(WAIT).signal();
        var failed =
                assertInstanceOf(
                        ChildFailed.class, t, "the supervisor must fail, not stop quietly");
        var gaveUp = assertInstanceOf(SupervisorGaveUpException.class, failed.getCause());
        assertEquals("doomed: w exceeded 2 restarts in 60000 ms; giving up", gaveUp.getMessage());
        assertInstanceOf(
                IllegalStateException.class, gaveUp.getCause(), "the last crash is the cause");
        seen.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void aGroupRestartCountsOnceAgainstTheIntensity() throws InterruptedException {
        var tree =
                startTree(
                        "group",
                        Strategy.ONE_FOR_ALL,
                        Intensity.of(1, Duration.ofMinutes(1)),
                        Restart.PERMANENT,
                        Restart.PERMANENT,
                        Restart.PERMANENT);
        tree.handles().get("a").tell(new Crash());
        assertEquals(Set.of("a", "b", "c"), awaitStarts(tree.seen(), 3).keySet());
        var after = children(tree.sup());
        assertTrue(
                after.children().stream()
                        .allMatch(s -> s.state().equals("running") && s.restarts() == 1),
                after.toString());
        testKit.stop(tree.sup());
    }

    @Test
    void injectFaultCrashesTheChildAndRepliesRecoveredOnceItRunsAgain() {
        var tree =
                startTree(
                        "faulty",
                        Strategy.ONE_FOR_ONE,
                        ROOMY,
                        Restart.PERMANENT,
                        Restart.PERMANENT);
        TestProbe<Supervisor.FaultResult> reply = testKit.createTestProbe();
        tree.sup().tell(new Supervisor.InjectFault("b", reply.ref()));
        assertEquals(new Supervisor.FaultRecovered("b", 1), reply.receiveMessage(WAIT));
        var restarted = awaitStarts(tree.seen(), 1);
        assertEquals(Set.of("b"), restarted.keySet());
        assertEquals(
                "InjectedFaultException: fault injected into b",
                status(children(tree.sup()), "b").lastFailure());
        tree.sup().tell(new Supervisor.InjectFault("b", reply.ref()));
        assertEquals(new Supervisor.FaultRecovered("b", 2), reply.receiveMessage(WAIT));
        testKit.stop(tree.sup());
    }

    @Test
    void injectFaultForAnUnknownIdIsRejectedNamingTheServices() {
        var tree =
                startTree(
                        "known", Strategy.ONE_FOR_ONE, ROOMY, Restart.PERMANENT, Restart.PERMANENT);
        TestProbe<Supervisor.FaultResult> reply = testKit.createTestProbe();
        tree.sup().tell(new Supervisor.InjectFault("zzz", reply.ref()));
        assertEquals(
                new Supervisor.FaultRejected("no service 'zzz' (services: a, b)"),
                reply.receiveMessage(WAIT));
        tree.seen().expectNoMessage(Duration.ofMillis(50));
        testKit.stop(tree.sup());
    }

    @Test
    void injectFaultIntoATemporaryChildIsRejectedBecauseItIsNotRestarted()
            throws InterruptedException {
        var tree = startTree("once", Strategy.ONE_FOR_ONE, ROOMY, Restart.TEMPORARY);
        TestProbe<Supervisor.FaultResult> reply = testKit.createTestProbe();
        tree.sup().tell(new Supervisor.InjectFault("a", reply.ref()));
        assertEquals(
                new Supervisor.FaultRejected("service 'a' exited and is not restarted"),
                reply.receiveMessage(WAIT));
        awaitChildren(tree.sup(), c -> status(c, "a").state().equals("stopped"));
        tree.sup().tell(new Supervisor.InjectFault("a", reply.ref()));
        assertEquals(
                new Supervisor.FaultRejected("service 'a' is not running now"),
                reply.receiveMessage(WAIT));
        testKit.stop(tree.sup());
    }

    @Test
    void everyExitAndRestartIsPublishedAsASupervisorReport() {
        var reports = Reports.subscribe(testKit.system(), WAIT);
        var tree =
                startTree(
                        "reporter",
                        Strategy.ONE_FOR_ONE,
                        ROOMY,
                        Restart.PERMANENT,
                        Restart.TEMPORARY);
        tree.handles().get("a").tell(new Crash());
        var crashReports = reports.next("reporter", 2);
        assertEquals(
                List.of("child_terminated", "child_restarted"),
                crashReports.stream().map(SupervisorReport::context).toList());
        assertEquals("IllegalStateException: a crashed on request", crashReports.get(0).reason());
        assertEquals("restart 1", crashReports.get(1).reason());
        assertTrue(
                crashReports.stream().allMatch(r -> r.offender().equals("a") && r.atMillis() > 0));

        tree.handles().get("b").tell(new Stop());
        var stopReports = reports.next("reporter", 2);
        assertEquals(
                List.of("child_terminated", "child_removed"),
                stopReports.stream().map(SupervisorReport::context).toList());
        assertTrue(
                stopReports.stream()
                        .allMatch(r -> r.offender().equals("b") && r.reason().equals("normal")),
                stopReports.toString());
        testKit.stop(tree.sup());
        reports.close();
    }
}
