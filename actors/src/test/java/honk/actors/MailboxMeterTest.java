package honk.actors;

import static honk.actors.ProcessFixture.await;
import static honk.actors.ProcessFixture.awaitInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Behaviors;

import honk.supervision.Backoff;
import honk.supervision.RestartPolicy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The meters inside a process: its mailbox counts what waits and for how long, its behavior how
 * long each message took.
 */
@Timeout(60)
class MailboxMeterTest {
    private static final ActorTestKit testKit = ProcessFixture.testKit();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Blocks its thread on text "block" until {@code release} opens; counts everything else. */
    private static Program blocking(String name, CountDownLatch release) {
        return new TestPrograms.Simple(
                name,
                ctx ->
                        Behaviors.receive(ProcessMessage.class)
                                .onMessage(
                                        Text.class,
                                        t -> {
                                            if (t.text().equals("block")
                                                    && !release.await(20, TimeUnit.SECONDS)) {
                                                throw new IllegalStateException("never released");
                                            }
                                            return Behaviors.same();
                                        })
                                .build());
    }

    @Test
    void messagesQueuedBehindABlockedProcessShowAsMailboxDepth() throws Exception {
        var table = ProcessFixture.table(testKit, 2);
        var release = new CountDownLatch(1);
        long pid = table.spawn(SpawnSpec.of(blocking("blocker", release), List.of()));
        table.tell(pid, new Text("block"));
        for (int i = 0; i < 5; i++) {
            table.tell(pid, new Text("queued " + i));
        }
        var blocked = awaitInfo(table, pid, p -> p.meter().depth() == 5);
        assertEquals(1, blocked.meter().dequeued(), "only the blocking message was taken");
        Thread.sleep(50); // time that passes on purpose: the 50 ms floors asserted below
        release.countDown();
        var drained = awaitInfo(table, pid, p -> p.meter().handled() == 6);
        assertEquals(0, drained.meter().depth());
        assertEquals(6, drained.meter().enqueued());
        assertEquals(6, drained.messages(), "ps's message count is the meter's");
        assertTrue(
                drained.meter().maxProcessingNanos() >= Duration.ofMillis(50).toNanos(),
                "the blocking message took at least 50 ms: " + drained.meter());
        assertTrue(
                drained.meter().maxWaitNanos() >= Duration.ofMillis(50).toNanos(),
                "the queued messages waited at least 50 ms: " + drained.meter());
    }

    @Test
    void aRestartedProcessKeepsItsCountsAndStartsWithAnEmptyMailbox() throws Exception {
        var table = ProcessFixture.table(testKit, 1);
        long pid =
                table.spawn(
                        SpawnSpec.of(
                                        new TestPrograms.Simple(
                                                "flaky",
                                                ctx ->
                                                        Behaviors.receive(ProcessMessage.class)
                                                                .onMessage(
                                                                        Text.class,
                                                                        t -> {
                                                                            if (t.text()
                                                                                    .equals(
                                                                                            "crash")) {
                                                                                throw new IllegalStateException(
                                                                                        "crash"
                                                                                            + " requested");
                                                                            }
                                                                            return Behaviors.same();
                                                                        })
                                                                .build()),
                                        List.of())
                                .withRestart(RestartPolicy.ON_FAILURE)
                                .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO, 0)));
        table.tell(pid, new Text("one"));
        table.tell(pid, new Text("crash"));
        var restarted =
                awaitInfo(table, pid, p -> p.restarts() == 1 && p.state() == ProcessState.RUNNING);
        table.tell(pid, new Text("two"));
        var after = awaitInfo(table, pid, p -> p.meter().handled() == 3);
        assertEquals(0, after.meter().depth());
        assertTrue(
                after.meter().enqueued() >= 3, "counts from both incarnations: " + after.meter());
        assertEquals(1, restarted.restarts());
    }

    @Test
    void aRestartingProcessShowsItsBackoff() throws Exception {
        var table = ProcessFixture.table(testKit, 1);
        var slow = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5), 0);
        long pid =
                table.spawn(
                        SpawnSpec.of(TestPrograms.failingAtStart("slowpoke"), List.of())
                                .withRestart(RestartPolicy.ALWAYS)
                                .withBackoff(slow));
        var waiting = awaitInfo(table, pid, p -> p.state() == ProcessState.RESTARTING);
        assertEquals(5000, waiting.backoffMillis());
        assertTrue(
                waiting.restartAtMillis() > System.currentTimeMillis(),
                "the restart is still ahead");
        await(table.kill(pid));
    }
}
