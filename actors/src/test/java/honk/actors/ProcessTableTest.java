package honk.actors;

import static honk.actors.ProcessFixture.WAIT;
import static honk.actors.ProcessFixture.await;
import static honk.actors.ProcessFixture.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;

import honk.actors.TestPrograms.Got;
import honk.actors.TestPrograms.Report;
import honk.actors.TestPrograms.Started;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** The process table as a whole: PID allocation, spawn, kill, reap and delivery. */
@Timeout(60)
class ProcessTableTest {
    private static final ActorTestKit testKit = ProcessFixture.testKit();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static List<Long> pids(ProcessTable table) {
        return await(table.list()).stream().map(ProcessInfo::pid).toList();
    }

    @Test
    void pidsAreHandedOutInIncreasingOrderFromOne() {
        var table = ProcessFixture.table(testKit, 2);
        var idle = TestPrograms.reporting("counted", testKit.<Report>createTestProbe().ref());
        assertEquals(0, table.lastPid());
        assertEquals(1, table.spawn(SpawnSpec.of(idle, List.of())));
        assertEquals(2, table.spawn(SpawnSpec.of(idle, List.of())));
        assertEquals(3, table.spawn(SpawnSpec.of(idle, List.of())));
        assertEquals(3, table.lastPid());
        assertEquals(List.of(1L, 2L, 3L), pids(table));
        assertEquals(
                List.of(1, 0, 1),
                await(table.list()).stream().map(ProcessInfo::shard).toList(),
                "pid % shards picks the shard");
    }

    @Test
    void concurrentSpawnsFromSeveralThreadsGetUniqueConsecutivePids() throws Exception {
        var table = ProcessFixture.table(testKit, 2);
        var spec = SpawnSpec.of(TestPrograms.quick("racer"), List.of()).asEphemeral();
        int threads = 4;
        int each = 1_000;
        var seen = ConcurrentHashMap.<Long>newKeySet();
        var go = new CountDownLatch(1);
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            workers.add(
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    go.await();
                                } catch (InterruptedException e) {
                                    return;
                                }
                                for (int i = 0; i < each; i++) {
                                    seen.add(table.spawn(spec));
                                }
                            }));
        }
        go.countDown();
        for (Thread w : workers) {
            w.join(WAIT.toMillis());
        }
        assertEquals(threads * each, seen.size(), "every spawn got its own PID");
        assertEquals(1L, seen.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(threads * each, seen.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertEquals(threads * each, table.lastPid());
        awaitEmpty(table);
    }

    private static void awaitEmpty(ProcessTable table) {
        Eventually.await(
                "the ephemeral processes are dropped",
                WAIT,
                () -> pids(table).size(),
                left -> left == 0);
    }

    @Test
    void pidsAreNeverReusedAfterReap() {
        var table = ProcessFixture.table(testKit, 2);
        var spec =
                SpawnSpec.of(
                        TestPrograms.reporting("reused", testKit.<Report>createTestProbe().ref()),
                        List.of());
        long first = table.spawn(spec);
        long second = table.spawn(spec);
        assertInstanceOf(ProcessShard.KillDone.class, await(table.kill(first)));
        assertInstanceOf(ProcessShard.KillDone.class, await(table.kill(second)));
        assertEquals(2, await(table.reap()));
        long third = table.spawn(spec);
        assertEquals(3, third);
        assertEquals(Optional.empty(), await(table.get(first)));
        assertEquals(List.of(3L), pids(table));
    }

    @Test
    void aKilledProcessStaysVisibleUntilReapedThenIsGone() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        var spec = SpawnSpec.of(TestPrograms.reporting("victim", probe.ref()), List.of());
        long victim = table.spawn(spec);
        long bystander = table.spawn(spec);
        probe.expectMessageClass(Started.class, WAIT);
        probe.expectMessageClass(Started.class, WAIT);

        var done = assertInstanceOf(ProcessShard.KillDone.class, await(table.kill(victim)));
        assertEquals(ProcessState.KILLED, done.info().state());
        assertEquals("killed", done.info().exitReason());
        assertEquals(ProcessState.KILLED, info(table, victim).state());
        assertEquals(List.of(victim, bystander), pids(table), "a killed process stays listed");

        assertEquals(1, await(table.reap()), "only ended processes are reaped");
        assertEquals(Optional.empty(), await(table.get(victim)));
        assertEquals(List.of(bystander), pids(table));
        assertEquals(ProcessState.RUNNING, info(table, bystander).state());
        assertEquals(0, await(table.reap()));
    }

    @Test
    void killingAnUnknownPidIsRejectedWithAReason() {
        var table = ProcessFixture.table(testKit, 2);
        var r = assertInstanceOf(ProcessShard.KillRejected.class, await(table.kill(42)));
        assertEquals("no process 42", r.reason());
    }

    @Test
    void killingAProcessThatHasEndedIsRejectedNamingHowItEnded() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long killed =
                table.spawn(SpawnSpec.of(TestPrograms.reporting("twice", probe.ref()), List.of()));
        await(table.kill(killed));
        var again = assertInstanceOf(ProcessShard.KillRejected.class, await(table.kill(killed)));
        assertEquals("process " + killed + " has already ended (killed)", again.reason());

        long crashed = table.spawn(SpawnSpec.of(TestPrograms.failingAtStart("brittle"), List.of()));
        ProcessFixture.awaitExit(table, crashed);
        var late = assertInstanceOf(ProcessShard.KillRejected.class, await(table.kill(crashed)));
        assertEquals("process " + crashed + " has already ended (crashed)", late.reason());
    }

    @Test
    void deliveryReportsDeliveredNoProcessAndNotRunning() {
        var table = ProcessFixture.table(testKit, 2);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid =
                table.spawn(
                        SpawnSpec.of(TestPrograms.reporting("listener", probe.ref()), List.of()));
        probe.expectMessageClass(Started.class, WAIT);
        assertEquals(ProcessShard.Delivery.DELIVERED, await(table.send(pid, new Text("hello"))));
        assertEquals(new Got(pid, "hello"), probe.expectMessageClass(Got.class, WAIT));
        table.tell(pid, new Text("fire and forget"));
        assertEquals(new Got(pid, "fire and forget"), probe.expectMessageClass(Got.class, WAIT));
        assertEquals(
                ProcessShard.Delivery.NO_PROCESS, await(table.send(pid + 100, new Text("hello"))));
        await(table.kill(pid));
        assertEquals(ProcessShard.Delivery.NOT_RUNNING, await(table.send(pid, new Text("hello"))));
    }

    @Test
    void messagesToANewPidAreOrderedAfterItsSpawn() {
        var table = ProcessFixture.table(testKit, 3);
        TestProbe<Report> probe = testKit.createTestProbe();
        long pid =
                table.spawn(SpawnSpec.of(TestPrograms.reporting("eager", probe.ref()), List.of()));
        table.tell(pid, new Text("first words"));
        probe.expectMessageClass(Started.class, WAIT);
        assertEquals(new Got(pid, "first words"), probe.expectMessageClass(Got.class, WAIT));
    }

    @Test
    void awaitingTheExitOfAnUnknownPidAnswersEmpty() {
        var table = ProcessFixture.table(testKit, 1);
        assertEquals(Optional.empty(), await(table.awaitExit(7, WAIT)));
    }

    @Test
    void aTableNeedsAtLeastOneShard() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProcessTable(List.of(), testKit.scheduler()));
    }

    @Test
    void ephemeralProcessesDropTheirRecordWhenTheyEnd() {
        var events = ProcessFixture.events(testKit);
        var table = ProcessFixture.table(testKit, 2);
        long pid =
                table.spawn(SpawnSpec.of(TestPrograms.quick("fleeting"), List.of()).asEphemeral());
        var seen = ProcessFixture.eventsOf(events, "fleeting", 2);
        assertInstanceOf(ProcessEvent.Spawned.class, seen.get(0));
        assertEquals(
                new ProcessEvent.Stopped(pid, "fleeting", seen.get(1).atMillis(), true),
                seen.get(1));
        // the shard drops the record before it publishes the exit, so it is gone by now
        assertEquals(Optional.empty(), await(table.get(pid)));
        testKit.system()
                .eventStream()
                .tell(new akka.actor.typed.eventstream.EventStream.Unsubscribe<>(events.ref()));
    }
}
