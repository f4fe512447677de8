package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.eventstream.EventStream;

import honk.actors.ProcessEvent;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/**
 * Following the kernel log, as the HTTP event stream does: the backlog after an id, then each new
 * entry, then Closed.
 */
@Timeout(60)
class KernelLogFollowTest {
    private static final ActorTestKit testKit = KernelLogTest.quietKit();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static void publish(Object event) {
        testKit.system().eventStream().tell(new EventStream.Publish<>(event));
    }

    /** A log with a record of its ids. */
    private record Log(ActorRef<KernelLog.Command> ref, long firstCrashId) {}

    /**
     * A log that has logged {@code n} crashes of pids 1..n, in that order, after some markers: the
     * log subscribes to the event stream asynchronously, so markers go out until one comes back.
     */
    private static Log logWith(int n) {
        var log = testKit.spawn(KernelLog.create());
        TestProbe<KernelLog.Update> warm = testKit.createTestProbe();
        log.tell(new KernelLog.Follow(-1, warm.ref()));
        var marker = new ProcessEvent.Stopped(-1, "marker", 0);
        // a marker published before the subscription took effect is lost: publish again
        Eventually.await("a marker comes back through the log", WAIT, () -> cameBack(warm, marker));
        for (int i = 1; i <= n; i++) {
            publish(new ProcessEvent.Crashed(i, "p" + i, "boom " + i, i));
        }
        long first = -1;
        for (int seen = 0; seen < n; ) {
            var e = (LoggedEvent) warm.receiveMessage(WAIT);
            if (e.event() instanceof ProcessEvent.Crashed c) {
                first = seen++ == 0 ? e.id() : first;
            }
        }
        warm.stop();
        return new Log(log, first);
    }

    private static boolean cameBack(TestProbe<KernelLog.Update> warm, ProcessEvent marker) {
        publish(marker);
        try {
            warm.receiveMessage(Duration.ofMillis(200));
            return true;
        } catch (AssertionError timeout) {
            return false;
        }
    }

    @Test
    void aFollowerGetsTheEntriesAfterItsIdAndThenEachNewOne() {
        var log = logWith(3);
        long first = log.firstCrashId();
        TestProbe<KernelLog.Update> follower = testKit.createTestProbe();
        log.ref().tell(new KernelLog.Follow(first, follower.ref()));
        var backlog =
                List.of(
                        follower.expectMessageClass(LoggedEvent.class, WAIT),
                        follower.expectMessageClass(LoggedEvent.class, WAIT));
        assertEquals(List.of(first + 1, first + 2), backlog.stream().map(LoggedEvent::id).toList());
        assertEquals("pid 2 p2 crashed: boom 2", backlog.get(0).text());
        assertInstanceOf(ProcessEvent.Crashed.class, backlog.get(0).event());
        publish(new ProcessEvent.Killed(9, "late", 9));
        var live = follower.expectMessageClass(LoggedEvent.class, WAIT);
        assertEquals(first + 3, live.id());
        assertEquals("pid 9 late killed", live.text());
    }

    @Test
    void aFollowerWithoutAnIdGetsOnlyNewEntries() {
        var log = logWith(2);
        TestProbe<KernelLog.Update> follower = testKit.createTestProbe();
        log.ref().tell(new KernelLog.Follow(-1, follower.ref()));
        publish(new ProcessEvent.Stopped(5, "fresh", 5));
        assertEquals(
                log.firstCrashId() + 2, follower.expectMessageClass(LoggedEvent.class, WAIT).id());
    }

    @Test
    void followersHearClosedWhenTheLogStops() {
        var log = logWith(1);
        TestProbe<KernelLog.Update> follower = testKit.createTestProbe();
        log.ref().tell(new KernelLog.Follow(log.firstCrashId() - 1, follower.ref()));
        // the backlog entry proves the follow was taken before the stop, which overtakes messages
        follower.expectMessageClass(LoggedEvent.class, WAIT);
        testKit.stop(log.ref());
        follower.expectMessageClass(KernelLog.Closed.class, WAIT);
    }

    @Test
    void aRestartedLogKeepsItsEntriesAndGoesOnNumberingWhereItStopped() {
        var log =
                testKit.spawn(
                        akka.actor.typed.javadsl.Behaviors.supervise(KernelLog.create())
                                .onFailure(akka.actor.typed.SupervisorStrategy.restart()));
        long last = lastIdAfterAMarker(log);
        log.tell(
                new KernelLog.Recent(
                        1,
                        null)); // a reply to nobody throws inside the log: its supervisor restarts
        // it
        long afterRestart = lastIdAfterAMarker(log);
        assertTrue(
                afterRestart > last,
                "ids go on after a restart: " + last + " then " + afterRestart);
        TestProbe<List<LogEntry>> since = testKit.createTestProbe();
        log.tell(new KernelLog.Since(0, since.ref()));
        List<LogEntry> kept = since.receiveMessage(WAIT);
        assertTrue(
                kept.stream().anyMatch(e -> e.id() == last),
                "the entries before the restart are kept: " + kept);
        for (int i = 1; i < kept.size(); i++) {
            assertEquals(
                    kept.get(i - 1).id() + 1,
                    kept.get(i).id(),
                    "one entry per id, none reused: " + kept);
        }
        assertEquals(afterRestart, kept.getLast().id());
    }

    @Test
    void followersHearClosedWhenTheLogRestarts() {
        var log =
                testKit.spawn(
                        akka.actor.typed.javadsl.Behaviors.supervise(KernelLog.create())
                                .onFailure(akka.actor.typed.SupervisorStrategy.restart()));
        long last = lastIdAfterAMarker(log);
        TestProbe<KernelLog.Update> follower = testKit.createTestProbe();
        log.tell(new KernelLog.Follow(last - 1, follower.ref()));
        follower.expectMessageClass(LoggedEvent.class, WAIT);
        log.tell(new KernelLog.Recent(1, null));
        follower.expectMessageClass(KernelLog.Closed.class, WAIT);
    }

    /** Follows {@code log} until a marker published now comes back, and returns that entry's id. */
    private static long lastIdAfterAMarker(ActorRef<KernelLog.Command> log) {
        TestProbe<KernelLog.Update> follower = testKit.createTestProbe();
        log.tell(new KernelLog.Follow(-1, follower.ref()));
        var marker = new ProcessEvent.Stopped(-2, "restart-marker", 0);
        long id = -1;
        for (int tries = 0; id < 0 && tries < 50; tries++) {
            publish(marker);
            try { // published before the (re)subscription took effect: lost; try again
                for (var update : follower.receiveSeveralMessages(1, Duration.ofMillis(200))) {
                    if (update instanceof LoggedEvent e && e.event() == marker) {
                        id = e.id();
                    }
                }
            } catch (AssertionError notYet) {
                // nothing came back in time
            }
        }
        assertTrue(id > 0, "the log never logged the marker");
        follower.stop();
        return id;
    }
}
