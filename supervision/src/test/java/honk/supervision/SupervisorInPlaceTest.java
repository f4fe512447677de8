package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.javadsl.Behaviors;

import honk.supervision.TestWorker.Crash;
import honk.supervision.TestWorker.Echo;
import honk.supervision.TestWorker.Echoed;
import honk.supervision.TestWorker.Msg;
import honk.supervision.TestWorker.Seen;
import honk.supervision.TestWorker.Started;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Children restarted in place: the same actor and mailbox across a crash, the supervisor's own
 * backoff, intensity and reports, exactly as for children it spawns again. The crash is the child's
 * own (an exception in its handler) unless the test says it injects one.
 */
@Timeout(60)
class SupervisorInPlaceTest {
    private static final ActorTestKit testKit = TestKits.quiet();
    private static final Backoff NOW = new Backoff(Duration.ZERO, Duration.ZERO, 0);
    private static final Intensity ROOMY = Intensity.of(10, Duration.ofMinutes(1));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger names = new AtomicInteger();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private record Tree(
            ActorRef<Supervisor.Command> sup,
            Map<String, ServiceHandle<Msg>> handles,
            Map<String, ActorRef<Msg>> first,
            TestProbe<Seen> seen) {
        ServiceHandle<Msg> h(String id) {
            return handles.get(id);
        }
    }

    private static ChildSpec<Msg> inPlace(String id, TestProbe<Seen> seen) {
        return ChildSpec.worker(id, TestWorker.create(id, seen.ref()))
                .backoff(NOW)
                .restartedInPlace();
    }

    private static Tree start(
            Strategy strategy,
            Intensity intensity,
            List<ChildSpec<Msg>> specs,
            TestProbe<Seen> seen) {
        var handles = new LinkedHashMap<String, ServiceHandle<Msg>>();
        List<ChildSpec<?>> withHandles = new ArrayList<>();
        for (var spec : specs) {
            var h = new ServiceHandle<Msg>(spec.id());
            handles.put(spec.id(), h);
            withHandles.add(spec.handle(h));
        }
        var sup =
                testKit.spawn(
                        Supervisor.create(
                                "inplace-" + names.incrementAndGet(),
                                strategy,
                                intensity,
                                withHandles));
        var first = new LinkedHashMap<String, ActorRef<Msg>>();
        for (int i = 0; i < specs.size(); i++) {
            Started s = (Started) seen.expectMessageClass(Started.class, WAIT);
            first.put(s.id(), s.self());
        }
        return new Tree(sup, handles, first, seen);
    }

    private static Supervisor.ChildStatus status(Tree t, String id) {
        return SupervisorTest.status(SupervisorTest.children(t.sup()), id);
    }

    static Stream<Arguments> matrix() {
        var cases = new ArrayList<Arguments>();
        for (Restart type : Restart.values()) {
            for (Strategy strategy : Strategy.values()) {
                cases.add(Arguments.of(type, strategy));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} child b crashes, {1}")
    @MethodSource("matrix")
    void aCrashRestartsTheGroupInPlaceKeepingEveryActorAndItsMailbox(
            Restart type, Strategy strategy) throws InterruptedException {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var tree =
                start(
                        strategy,
                        ROOMY,
                        List.of(
                                inPlace("a", seen).restart(type),
                                inPlace("b", seen).restart(type),
                                inPlace("c", seen).restart(type)),
                        seen);
        tree.h("b").tell(new Crash());
        tree.h("b").tell(new Echo("queued behind the crash"));
        boolean restarted = type != Restart.TEMPORARY;
        Set<String> group =
                !restarted
                        ? Set.of()
                        : switch (strategy) {
                            case ONE_FOR_ONE -> Set.of("b");
                            case ONE_FOR_ALL -> Set.of("a", "b", "c");
                            case REST_FOR_ONE -> Set.of("b", "c");
                        };
        if (restarted) {
            var again = new LinkedHashMap<String, ActorRef<Msg>>();
            var echoed = new ArrayList<String>();
            while (again.size() < group.size()
                    || echoed.isEmpty()) { // b may echo before c has started
                switch (seen.receiveMessage(WAIT)) {
                    case Started s -> again.put(s.id(), s.self());
                    case Echoed e -> echoed.add(e.text());
                }
            }
            assertEquals(group, again.keySet());
            group.forEach(id ->
                    assertEquals(tree.first().get(id), again.get(id), id + " kept its actor"));
            assertEquals(
                    List.of("queued behind the crash"), echoed, "the mailbox outlived the crash");
        } else {
            SupervisorTest.awaitChildren(
                    tree.sup(), c -> SupervisorTest.status(c, "b").state().equals("stopped"));
            seen.expectNoMessage(Duration.ofMillis(100));
        }
        var after =
                SupervisorTest.awaitChildren(
                        tree.sup(),
                        c ->
                                group.stream()
                                        .allMatch(id ->
                                                SupervisorTest.status(c, id)
                                                        .state()
                                                        .equals("running")));
        for (String id : List.of("a", "b", "c")) {
            var s = SupervisorTest.status(after, id);
            assertEquals(group.contains(id) ? 1 : 0, s.restarts(), id + ": " + after);
            assertEquals(
                    id.equals("b") && !restarted ? "stopped" : "running",
                    s.state(),
                    after.toString());
            if (group.contains(id) || !id.equals("b")) {
                assertEquals(
                        tree.first().get(id),
                        tree.h(id).current(),
                        id + "'s handle still names the same actor");
            }
        }
        assertEquals(
                "IllegalStateException: b crashed on request",
                SupervisorTest.status(after, "b").lastFailure());
        testKit.stop(tree.sup());
    }

    @Test
    void whatArrivesDuringTheBackoffIsHeldAndHandedOverInOrder() throws InterruptedException {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var slow = new Backoff(Duration.ofMillis(400), Duration.ofMillis(400), 0);
        var tree =
                start(Strategy.ONE_FOR_ONE, ROOMY, List.of(inPlace("a", seen).backoff(slow)), seen);
        long crashedAt = System.nanoTime();
        tree.h("a").tell(new Crash());
        SupervisorTest.awaitChildren(
                tree.sup(), c -> SupervisorTest.status(c, "a").state().equals("restarting"));
        for (int i = 0; i < 50; i++) {
            tree.h("a").tell(new Echo("held " + i));
        }
        assertEquals(
                tree.first().get("a"),
                ((Started) seen.expectMessageClass(Started.class, WAIT)).self());
        assertTrue(
                System.nanoTime() - crashedAt >= Duration.ofMillis(400).toNanos(),
                "not started before its backoff");
        for (int i = 0; i < 50; i++) {
            assertEquals(
                    "held " + i, ((Echoed) seen.expectMessageClass(Echoed.class, WAIT)).text());
        }
        assertEquals(
                new Supervisor.ChildStatus(
                        "a", "running", 1, "IllegalStateException: a crashed on request"),
                status(tree, "a"));
        testKit.stop(tree.sup());
    }

    @Test
    void theMessageAChildCrashedOnIsHandedToItsCrashListener() {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var told = new CopyOnWriteArrayList<String>();
        var spec =
                inPlace("a", seen)
                        .onCrash((msg, cause) -> told.add(msg + " / " + cause.getMessage()));
        var tree = start(Strategy.ONE_FOR_ONE, ROOMY, List.of(spec), seen);
        tree.h("a").tell(new Echo(TestWorker.BOOM));
        seen.expectMessageClass(Started.class, WAIT);
        assertEquals(List.of("Echo[text=boom] / a crashed on an echo of boom"), told);
        TestProbe<Supervisor.FaultResult> reply = testKit.createTestProbe();
        tree.sup().tell(new Supervisor.InjectFault("a", reply.ref()));
        assertEquals(new Supervisor.FaultRecovered("a", 2), reply.receiveMessage(WAIT));
        assertEquals(
                1, told.size(), "an injected fault crashes outside any message: nothing to answer");
        testKit.stop(tree.sup());
    }

    @Test
    void aRealCrashAndAnInjectedFaultPublishTheSameReportsAndCountAlike() {
        var reports = Reports.subscribe(testKit.system(), WAIT);
        TestProbe<Seen> seen = testKit.createTestProbe();
        var tree = start(Strategy.ONE_FOR_ONE, ROOMY, List.of(inPlace("a", seen)), seen);
        String name = SupervisorTest.children(tree.sup()).supervisor();
        tree.h("a").tell(new Crash());
        var real = reports.next(name, 2);
        TestProbe<Supervisor.FaultResult> reply = testKit.createTestProbe();
        tree.sup().tell(new Supervisor.InjectFault("a", reply.ref()));
        assertEquals(new Supervisor.FaultRecovered("a", 2), reply.receiveMessage(WAIT));
        var injected = reports.next(name, 2);
        assertEquals(
                List.of("child_terminated", "child_restarted"),
                real.stream().map(SupervisorReport::context).toList());
        assertEquals(
                List.of("child_terminated", "child_restarted"),
                injected.stream().map(SupervisorReport::context).toList());
        assertEquals("IllegalStateException: a crashed on request", real.get(0).reason());
        assertEquals("InjectedFaultException: fault injected into a", injected.get(0).reason());
        assertEquals(
                List.of("restart 1", "restart 2"),
                List.of(real.get(1).reason(), injected.get(1).reason()));
        assertEquals(tree.first().get("a"), tree.h("a").current(), "both restarts kept the actor");
        reports.close();
        testKit.stop(tree.sup());
    }

    @Test
    void pastItsOwnIntensityOnlyThatChildIsGivenUpAndItsHandleSaysWhy()
            throws InterruptedException {
        var reports = Reports.subscribe(testKit.system(), WAIT);
        TestProbe<Seen> seen = testKit.createTestProbe();
        var tree =
                start(
                        Strategy.ONE_FOR_ONE,
                        Intensity.of(1, Duration.ofMinutes(1)),
                        List.of(
                                inPlace("a", seen),
                                inPlace("disk", seen)
                                        .ownIntensity(Intensity.of(2, Duration.ofMinutes(1)))),
                        seen);
        String name = SupervisorTest.children(tree.sup()).supervisor();
        for (int i = 0; i < 2; i++) {
            tree.h("disk").tell(new Crash());
            seen.expectMessageClass(Started.class, WAIT);
        }
        tree.h("disk").tell(new Crash());
        var after =
                SupervisorTest.awaitChildren(
                        tree.sup(), c -> SupervisorTest.status(c, "disk").state().equals("failed"));
        assertEquals(
                new Supervisor.ChildStatus("a", "running", 0, ""),
                SupervisorTest.status(after, "a"),
                "its two restarts did not spend the supervisor's intensity of one");
        var gaveUp = reports.await(name, "disk", "gave_up");
        assertEquals(
                "exceeded 2 restarts in 60000 ms; last: IllegalStateException: disk crashed on"
                        + " request",
                gaveUp.reason());
        assertEquals(
                "disk has failed (" + gaveUp.reason() + ")",
                tree.h("disk").failure().orElseThrow());
        testKit.createTestProbe().expectTerminated(tree.first().get("disk"), WAIT);
        TestProbe<Supervisor.FaultResult> reply = testKit.createTestProbe();
        tree.sup().tell(new Supervisor.InjectFault("disk", reply.ref()));
        assertInstanceOf(Supervisor.FaultRejected.class, reply.receiveMessage(WAIT));
        tree.h("a").tell(new Echo("still here"));
        assertEquals("still here", ((Echoed) seen.expectMessageClass(Echoed.class, WAIT)).text());
        reports.close();
        testKit.stop(tree.sup());
    }

    @Test
    void withoutAnIntensityOfItsOwnAChildInPlaceSpendsTheSupervisorsAndEscalates() {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var handle = new ServiceHandle<Msg>("w");
        List<ChildSpec<?>> specs = List.of(inPlace("w", seen).handle(handle));
        Behavior<Supervisor.Command> sup =
                Supervisor.create(
                        "doomed-in-place",
                        Strategy.ONE_FOR_ONE,
                        Intensity.of(2, Duration.ofMinutes(1)),
                        specs);
        TestProbe<SupervisorTest.ParentSaw> signals =
                SupervisorTest.underAWatchingParent(testKit, sup, "doomed-in-place");
        seen.expectMessageClass(Started.class, WAIT);
        for (int restart = 1; restart <= 2; restart++) {
            handle.tell(new Crash());
            seen.expectMessageClass(Started.class, WAIT);
        }
        handle.tell(new Crash());
        var failed = assertInstanceOf(ChildFailed.class, signals.receiveMessage(WAIT).signal());
        var gaveUp = assertInstanceOf(SupervisorGaveUpException.class, failed.getCause());
        assertEquals(
                "doomed-in-place: w exceeded 2 restarts in 60000 ms; giving up",
                gaveUp.getMessage());
    }

    @Test
    void aCrashWhileTheHeldMessagesAreHandedOverKeepsTheRestForTheNextRestart()
            throws InterruptedException {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var slow = new Backoff(Duration.ofMillis(300), Duration.ofMillis(300), 0);
        var tree =
                start(Strategy.ONE_FOR_ONE, ROOMY, List.of(inPlace("a", seen).backoff(slow)), seen);
        tree.h("a").tell(new Crash());
        SupervisorTest.awaitChildren(
                tree.sup(), c -> SupervisorTest.status(c, "a").state().equals("restarting"));
        tree.h("a").tell(new Echo("one"));
        tree.h("a").tell(new Echo(TestWorker.BOOM));
        tree.h("a").tell(new Echo("three"));
        seen.expectMessageClass(Started.class, WAIT);
        assertEquals("one", ((Echoed) seen.expectMessageClass(Echoed.class, WAIT)).text());
        seen.expectMessageClass(Started.class, WAIT);
        assertEquals(
                "three",
                ((Echoed) seen.expectMessageClass(Echoed.class, WAIT)).text(),
                "not lost with the second crash");
        assertEquals(
                List.of(2, "IllegalStateException: a crashed on an echo of boom"),
                List.of(status(tree, "a").restarts(), status(tree, "a").lastFailure()),
                "the crash during the hand-over is reported as the child threw it, not as Akka"
                        + " wraps it");
        testKit.stop(tree.sup());
    }

    @Test
    void aChildInPlaceThatFailsAsItFirstStartsIsSpawnedAgainAsANewActor() {
        TestProbe<Seen> seen = testKit.createTestProbe();
        var attempts = new AtomicInteger();
        Behavior<Msg> flaky =
                Behaviors.setup(ctx -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("no device yet");
                    }
                    return TestWorker.create("a", seen.ref());
                });
        var h = new ServiceHandle<Msg>("a");
        List<ChildSpec<?>> specs =
                List.of(ChildSpec.worker("a", flaky).backoff(NOW).restartedInPlace().handle(h));
        var sup =
                testKit.spawn(Supervisor.create("first-start", Strategy.ONE_FOR_ONE, ROOMY, specs));
        Started s = (Started) seen.expectMessageClass(Started.class, WAIT);
        assertEquals(2, attempts.get());
        var status = SupervisorTest.status(SupervisorTest.children(sup), "a");
        assertEquals(List.of("running", 1), List.of(status.state(), status.restarts()));
        assertTrue(status.lastFailure().contains("no device yet"), status.lastFailure());
        h.tell(new Echo("works"));
        Echoed e = (Echoed) seen.expectMessageClass(Echoed.class, WAIT);
        assertEquals(s.self(), e.self());
        testKit.stop(sup);
    }

    @Test
    void anIncarnationEndedByARestartInPlaceGetsPostStopToReleaseWhatItHolds()
            throws InterruptedException {
        TestProbe<String> released = testKit.createTestProbe();
        var starts = new AtomicInteger();
        Behavior<Msg> holder =
                Behaviors.setup(ctx -> {
                    int n = starts.incrementAndGet();
                    released.ref().tell("incarnation " + n + " started");
                    return Behaviors.receive(Msg.class)
                            .onMessage(
                                    Crash.class,
                                    m -> {
                                        throw new IllegalStateException("crash " + n);
                                    })
                            .onSignal(
                                    akka.actor.typed.PostStop.class,
                                    s -> {
                                        released.ref().tell("incarnation " + n + " released");
                                        return Behaviors.same();
                                    })
                            .build();
                });
        var h = new ServiceHandle<Msg>("a");
        List<ChildSpec<?>> specs =
                List.of(ChildSpec.worker("a", holder).backoff(NOW).restartedInPlace().handle(h));
        var sup = testKit.spawn(Supervisor.create("releases", Strategy.ONE_FOR_ONE, ROOMY, specs));
        assertEquals("incarnation 1 started", released.receiveMessage(WAIT));
        h.tell(new Crash());
        assertEquals("incarnation 1 released", released.receiveMessage(WAIT));
        assertEquals("incarnation 2 started", released.receiveMessage(WAIT));
        testKit.stop(sup);
        assertEquals("incarnation 2 released", released.receiveMessage(WAIT));
    }

    @Test
    void onCrashIsRefusedForAChildThatIsSpawnedAgain() {
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        InvalidChildSpecException.class,
                        () ->
                                new ChildSpec<>(
                                        "a",
                                        Behaviors.empty(),
                                        Restart.PERMANENT,
                                        NOW,
                                        null,
                                        akka.actor.typed.Props.empty(),
                                        false,
                                        null,
                                        (m, c) -> {}));
        assertEquals(
                "a: onCrash needs a child restarted in place (a new actor never sees the message)",
                e.getMessage());
        assertNotEquals(
                null, ChildSpec.worker("b", Behaviors.empty()).onCrash((m, c) -> {}).onCrash());
        assertTrue(ChildSpec.worker("b", Behaviors.empty()).onCrash((m, c) -> {}).inPlace());
    }
}
