package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.eventstream.EventStream;

import com.typesafe.config.ConfigFactory;

import honk.actors.ProcessEvent;
import honk.supervision.SupervisorReport;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/**
 * The kernel log: what it keeps from the event stream, and Recent/Since over its numbered lines.
 */
@Timeout(60)
class KernelLogTest {
    private static final ActorTestKit testKit = quietKit();
    private static final Duration WAIT = Duration.ofSeconds(10);

    static ActorTestKit quietKit() {
        org.slf4j.LoggerFactory
                .getILoggerFactory(); // initialise logging before Akka's threads log concurrently
        return ActorTestKit.create(
                ConfigFactory.parseString(
                        """
                        akka.loglevel = WARNING
                        akka.log-dead-letters = off
                        akka.log-dead-letters-during-shutdown = off
                        """));
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static void publish(Object event) {
        testKit.system().eventStream().tell(new EventStream.Publish<>(event));
    }

    private static List<LogEntry> recent(ActorRef<KernelLog.Command> log, int n) {
        TestProbe<List<LogEntry>> reply = testKit.createTestProbe();
        log.tell(new KernelLog.Recent(n, reply.ref()));
        return reply.receiveMessage(WAIT);
    }

    private static List<LogEntry> since(ActorRef<KernelLog.Command> log, long id) {
        TestProbe<List<LogEntry>> reply = testKit.createTestProbe();
        log.tell(new KernelLog.Since(id, reply.ref()));
        return reply.receiveMessage(WAIT);
    }

    private static long lastId(ActorRef<KernelLog.Command> log) {
        var last = recent(log, 1);
        return last.isEmpty() ? 0 : last.get(0).id();
    }

    /** Publishes {@code event}s and waits until the log holds them all. */
    private static void publishAndAwait(ActorRef<KernelLog.Command> log, List<?> events) {
        long target = lastId(log) + events.size();
        events.forEach(KernelLogTest::publish);
        Eventually.await(
                "the kernel log's last entry is #" + target,
                WAIT,
                () -> lastId(log),
                id -> id >= target);
    }

    /**
     * A fresh log that has subscribed and gone quiet. It subscribes in its setup, asynchronously,
     * so warm-up events are published until one shows up; then a last marker, published after them
     * from this thread, tells when the stragglers are in.
     */
    private static ActorRef<KernelLog.Command> warmedUp() {
        var log = testKit.spawn(KernelLog.create());
        Eventually.await(
                "the kernel log subscribes to the event stream",
                WAIT,
                () -> {
                    publish(new ProcessEvent.Spawned(0, "warm-up", 1));
                    return !recent(log, 1).isEmpty();
                });
        publish(new ProcessEvent.Spawned(0, "settled", 1));
        Eventually.await(
                "the kernel log logs the settling marker",
                WAIT,
                () -> recent(log, 1).get(0).text(),
                "pid 0 settled spawned"::equals);
        return log;
    }

    @Test
    void recentReturnsTheLastLinesNumberedConsecutivelyAndFormatted() throws Exception {
        var log = warmedUp();
        long before = lastId(log);
        publishAndAwait(
                log,
                List.of(
                        new ProcessEvent.Spawned(7, "idle", 1000),
                        new ProcessEvent.Crashed(7, "idle", "IllegalStateException: boom", 1001),
                        new ProcessEvent.Restarted(7, "idle", 1, 1002),
                        new ProcessEvent.Killed(7, "idle", 1003),
                        new SupervisorReport(
                                "system", "child_restarted", "restart 1", "shell", 1004)));
        var last3 = recent(log, 3);
        assertEquals(
                List.of(before + 3, before + 4, before + 5),
                last3.stream().map(LogEntry::id).toList());
        assertEquals(
                List.of(
                        "pid 7 idle restarted (restart 1)",
                        "pid 7 idle killed",
                        "supervisor system: shell child_restarted (restart 1)"),
                last3.stream().map(LogEntry::text).toList());
        assertTrue(last3.stream().allMatch(e -> e.atMillis() > 0));
        assertEquals(List.of(), recent(log, 0));
        assertEquals(
                before + 5,
                recent(log, 1000).size(),
                "asking for more than there is gives everything");
    }

    @Test
    void aTraceIsKeptWithItsEntryAndOnlyThere() throws Exception {
        var log = warmedUp();
        publishAndAwait(
                log,
                List.of(
                        new ProcessEvent.Crashed(
                                7, "idle", "IllegalStateException: boom", 1, "trace of the crash"),
                        new SupervisorReport(
                                "system", "child_terminated", "why", "kv", 2, "trace of kv"),
                        new ErrorReport("shell", "'ls' failed: boom", "trace of ls", 3),
                        new ProcessEvent.Killed(7, "idle", 4)));
        var last = recent(log, 4);
        assertEquals(
                List.of(
                        "pid 7 idle crashed: IllegalStateException: boom",
                        "supervisor system: kv child_terminated (why)",
                        "shell: 'ls' failed: boom",
                        "pid 7 idle killed"),
                last.stream().map(LogEntry::text).toList());
        assertEquals(
                List.of("trace of the crash", "trace of kv", "trace of ls", ""),
                last.stream().map(LogEntry::trace).toList());
    }

    @Test
    void sinceResumesAfterTheGivenId() throws Exception {
        var log = warmedUp();
        long before = lastId(log);
        publishAndAwait(
                log,
                List.of(
                        new ProcessEvent.Stopped(8, "ticker", 1),
                        new ProcessEvent.Failed(9, "crasher", "restart intensity exceeded", 2)));
        var after = since(log, before);
        assertEquals(
                List.of("pid 8 ticker stopped", "pid 9 crasher failed: restart intensity exceeded"),
                after.stream().map(LogEntry::text).toList());
        assertEquals(List.of(), since(log, before + 2));
        assertEquals(before + 2, since(log, 0).size());
    }

    @Test
    void theRingKeepsOnlyTheNewestCapacityLines() throws Exception {
        var log = warmedUp();
        int flood = KernelLog.CAPACITY + 10;
        var events = new java.util.ArrayList<ProcessEvent>(flood);
        for (int i = 0; i < flood; i++) {
            events.add(new ProcessEvent.Spawned(1000 + i, "flood", 1));
        }
        publishAndAwait(log, events);
        long last = lastId(log);
        var all = since(log, 0);
        assertEquals(KernelLog.CAPACITY, all.size());
        assertEquals(last - KernelLog.CAPACITY + 1, all.get(0).id(), "the oldest kept line");
        assertEquals(
                "pid " + (1000 + flood - 1) + " flood spawned", all.get(all.size() - 1).text());
        assertEquals(KernelLog.CAPACITY, recent(log, KernelLog.CAPACITY + 100).size());
    }
}
