package honk.actors;

import static honk.actors.ProcessFixture.WAIT;
import static honk.actors.ProcessFixture.await;
import static honk.actors.ProcessFixture.awaitExit;
import static honk.actors.ProcessFixture.awaitInfo;
import static honk.actors.ProcessFixture.eventsOf;
import static honk.actors.ProcessFixture.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.Terminated;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.TestPrograms.Got;
import honk.actors.TestPrograms.Report;
import honk.actors.TestPrograms.Started;
import honk.supervision.Backoff;
import honk.supervision.Intensity;
import honk.supervision.RestartPolicy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One process's life under its restart policy: crash containment, restart, backoff, intensity,
 * capability denial, message counting, and the lifecycle events that tell the world.
 */
@Timeout(60)
class ProcessLifecycleTest {
    private static final ActorTestKit testKit = ProcessFixture.testKit();
    private static final Backoff NOW = new Backoff(Duration.ZERO, Duration.ZERO, 0);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static SpawnSpec reporting(String name, TestProbe<Report> probe, RestartPolicy policy) {
        return SpawnSpec.of(TestPrograms.reporting(name, probe.ref()), List.of())
                .withRestart(policy)
                .withBackoff(NOW);
    }

    @Test
    void aCrashingProcessNeverAffectsItsSiblingsOrTheTable() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        var spec = reporting("sibling", probe, RestartPolicy.NEVER);
        List<Long> pids =
                List.of(table.spawn(spec), table.spawn(spec), table.spawn(spec), table.spawn(spec));
        for (int i = 0; i < pids.size(); i++) {
            probe.expectMessageClass(Started.class, WAIT);
        }
        long crasher = pids.get(0);
        table.tell(crasher, new Text("crash"));
        assertEquals(ProcessState.CRASHED, awaitExit(table, crasher).state());

        for (long pid : pids.subList(1, pids.size())) {
            assertEquals(
                    ProcessShard.Delivery.DELIVERED,
                    await(table.send(pid, new Text("still there?"))));
            assertEquals(new Got(pid, "still there?"), probe.expectMessageClass(Got.class, WAIT));
        }
        var all = await(table.list());
        assertEquals(
                pids,
                all.stream().map(ProcessInfo::pid).toList(),
                "the table still lists every process");
        for (ProcessInfo p : all) {
            assertEquals(
                    p.pid() == crasher ? ProcessState.CRASHED : ProcessState.RUNNING,
                    p.state(),
                    p.toString());
        }
    }

    @Test
    void aCrashAtStartIsContainedLikeACrashInAMessage() {
        var table = ProcessFixture.table(testKit, 2);
        long pid = table.spawn(SpawnSpec.of(TestPrograms.failingAtStart("stillborn"), List.of()));
        var ended = awaitExit(table, pid);
        assertEquals(ProcessState.CRASHED, ended.state());
        assertEquals("IllegalStateException: stillborn cannot start", ended.exitReason());
        assertEquals(
                ProcessShard.Delivery.NO_PROCESS, await(table.send(pid + 1, new Text("anyone?"))));
    }

    @Test
    void neverPolicyLeavesACrashedProcessCrashedWithItsCause() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid = table.spawn(reporting("fragile", probe, RestartPolicy.NEVER));
        probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("crash"));
        var ended = awaitExit(table, pid);
        assertEquals(ProcessState.CRASHED, ended.state());
        assertEquals("IllegalStateException: crash requested", ended.exitReason());
        assertEquals("IllegalStateException: crash requested", ended.lastFailure());
        assertEquals(0, ended.restarts());
        probe.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void onFailurePolicyRestartsAfterACrashButNotAfterANormalExit() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid = table.spawn(reporting("resilient", probe, RestartPolicy.ON_FAILURE));
        var first = probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("crash"));
        var second = probe.expectMessageClass(Started.class, WAIT);
        assertNotEquals(first.self(), second.self(), "a restart is a new incarnation");
        var restarted = info(table, pid);
        assertEquals(ProcessState.RUNNING, restarted.state());
        assertEquals(1, restarted.restarts());
        assertEquals("IllegalStateException: crash requested", restarted.lastFailure());
        assertTrue(restarted.lastFailureAtMillis() > 0);

        table.tell(pid, new Text("stop"));
        var ended = awaitExit(table, pid);
        assertEquals(ProcessState.STOPPED, ended.state());
        assertEquals("exited normally", ended.exitReason());
        assertEquals(1, ended.restarts());
    }

    @Test
    void alwaysPolicyRestartsAfterANormalExitToo() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid = table.spawn(reporting("phoenix", probe, RestartPolicy.ALWAYS));
        probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("stop"));
        probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("crash"));
        probe.expectMessageClass(Started.class, WAIT);
        var p = info(table, pid);
        assertEquals(ProcessState.RUNNING, p.state());
        assertEquals(2, p.restarts());
        assertEquals("always", p.restartPolicy());
    }

    @Test
    void backoffDelaysTheRestartAndTheRestartingStateIsVisible() throws Exception {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        var slow = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 0);
        long pid =
                table.spawn(
                        reporting("patient", probe, RestartPolicy.ON_FAILURE).withBackoff(slow));
        probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("crash"));
        var waiting = awaitInfo(table, pid, p -> p.state() == ProcessState.RESTARTING);
        assertEquals(0, waiting.restarts(), "not restarted before the backoff has passed");
        assertEquals(ProcessShard.Delivery.NOT_RUNNING, await(table.send(pid, new Text("hello?"))));
        probe.expectNoMessage(Duration.ofMillis(100));

        var killed = assertInstanceOf(ProcessShard.KillDone.class, await(table.kill(pid)));
        assertEquals(ProcessState.KILLED, killed.info().state());
        assertEquals("killed while restarting", killed.info().exitReason());
    }

    @Test
    void exceedingTheRestartIntensityFailsTheProcessWithAReasonAndAFailedEvent() {
        var events = ProcessFixture.events(testKit);
        var table = ProcessFixture.table(testKit, 2);
        var spec =
                SpawnSpec.of(TestPrograms.failingAtStart("doomed"), List.of())
                        .withRestart(RestartPolicy.ON_FAILURE)
                        .withBackoff(NOW)
                        .withIntensity(Intensity.of(2, Duration.ofMinutes(1)));
        long pid = table.spawn(spec);
        var ended = awaitExit(table, pid);
        assertEquals(ProcessState.FAILED, ended.state());
        assertEquals(2, ended.restarts());
        assertEquals(
                "restart intensity exceeded (2 restarts in 60000 ms); last exit: "
                        + "IllegalStateException: doomed cannot start",
                ended.exitReason());

        var seen = eventsOf(events, "doomed", 7);
        assertEquals(
                List.of(
                        "Spawned",
                        "Crashed",
                        "Restarted",
                        "Crashed",
                        "Restarted",
                        "Crashed",
                        "Failed"),
                seen.stream().map(e -> e.getClass().getSimpleName()).toList());
        var failed = (ProcessEvent.Failed) seen.get(6);
        assertEquals(pid, failed.pid());
        assertEquals(ended.exitReason(), failed.reason());
        assertEquals("failed: " + ended.exitReason(), failed.describe());
        testKit.system().eventStream().tell(new EventStream.Unsubscribe<>(events.ref()));
    }

    @Test
    void aCrashInASignalHandlerIsRecordedAsTheExitReason() {
        var table = ProcessFixture.table(testKit, 2);
        var watcher =
                new TestPrograms.Simple(
                        "watcher",
                        ctx -> {
                            var child =
                                    ctx.actor()
                                            .spawnAnonymous(
                                                    Behaviors.<Void>setup(
                                                            c -> Behaviors.stopped()));
                            ctx.actor().watch(child);
                            return Behaviors.receive(ProcessMessage.class)
                                    .onSignal(
                                            Terminated.class,
                                            t -> {
                                                throw new IllegalStateException(
                                                        "watched child gone");
                                            })
                                    .build();
                        });
        long pid = table.spawn(SpawnSpec.of(watcher, List.of()));
        var ended = awaitExit(table, pid);
        assertEquals(ProcessState.CRASHED, ended.state());
        assertEquals("IllegalStateException: watched child gone", ended.exitReason());
    }

    @Test
    void aProgramAskingForAnUngrantedCapabilityCrashesWithCapabilityDenied() {
        var table = ProcessFixture.table(testKit, 2);
        long pid = table.spawn(SpawnSpec.of(TestPrograms.needsConsole("mute"), List.of()));
        var ended = awaitExit(table, pid);
        assertEquals(ProcessState.CRASHED, ended.state());
        assertEquals(
                "CapabilityDeniedException: process "
                        + pid
                        + " (mute) was not granted the console capability (grant it at start:"
                        + " --caps=console)",
                ended.exitReason());
    }

    @Test
    void theMessagesColumnCountsEveryMessageTheProcessHandled() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid = table.spawn(reporting("chatty", probe, RestartPolicy.NEVER));
        probe.expectMessageClass(Started.class, WAIT);
        assertEquals(0, info(table, pid).messages());
        for (int i = 1; i <= 5; i++) {
            table.tell(pid, new Text("m" + i));
        }
        for (int i = 1; i <= 5; i++) {
            probe.expectMessageClass(Got.class, WAIT);
        }
        assertEquals(5, info(table, pid).messages());
        for (int i = 1; i <= 3; i++) {
            table.tell(pid, new Text("n" + i));
            probe.expectMessageClass(Got.class, WAIT);
        }
        assertEquals(8, info(table, pid).messages());
    }

    @Test
    void everyLifecycleStepIsPublishedOnTheEventStream() {
        var events = ProcessFixture.events(testKit);
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid = table.spawn(reporting("narrated", probe, RestartPolicy.ALWAYS));
        probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("crash"));
        probe.expectMessageClass(Started.class, WAIT);
        table.tell(pid, new Text("stop"));
        probe.expectMessageClass(Started.class, WAIT);
        await(table.kill(pid));

        var seen = eventsOf(events, "narrated", 6);
        assertEquals(
                List.of("Spawned", "Crashed", "Restarted", "Stopped", "Restarted", "Killed"),
                seen.stream().map(e -> e.getClass().getSimpleName()).toList());
        assertTrue(
                seen.stream().allMatch(e -> e.pid() == pid && e.atMillis() > 0), seen.toString());
        var crashed = (ProcessEvent.Crashed) seen.get(1);
        assertEquals("IllegalStateException: crash requested", crashed.cause());
        assertEquals("crashed: IllegalStateException: crash requested", crashed.describe());
        assertEquals(1, ((ProcessEvent.Restarted) seen.get(2)).restarts());
        assertEquals(2, ((ProcessEvent.Restarted) seen.get(4)).restarts());
        assertEquals(
                Set.of("spawned", "stopped", "killed", "restarted (restart 2)"),
                new HashSet<>(
                        List.of(
                                seen.get(0).describe(),
                                seen.get(3).describe(),
                                seen.get(5).describe(),
                                seen.get(4).describe())));
        testKit.system().eventStream().tell(new EventStream.Unsubscribe<>(events.ref()));
    }

    @Test
    void aKillIsNeverRestartedWhateverThePolicy() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid = table.spawn(reporting("mortal", probe, RestartPolicy.ALWAYS));
        probe.expectMessageClass(Started.class, WAIT);
        await(table.kill(pid));
        assertEquals(ProcessState.KILLED, info(table, pid).state());
        probe.expectNoMessage(Duration.ofMillis(100));
    }
}
