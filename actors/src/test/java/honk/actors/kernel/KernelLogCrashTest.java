package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.eventstream.EventStream;

import honk.actors.ProcessEvent;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A real crash of the kernel log on a whole kernel: a {@link KernelLog.Recent} with no one to reply
 * to throws inside the log's own handler. {@code system} reports it, waits out the log's backoff
 * and restarts it in place; the restarted log keeps every entry and its numbering, and nothing
 * published on the event stream while it restarted is lost or logged twice.
 */
@Timeout(90)
class KernelLogCrashTest {
    private static final Duration WAIT = BootedKernel.WAIT;

    /** Above every pid a test kernel hands out, so the ticks are told apart from real processes. */
    private static final long TICK_PIDS = 1_000_000;

    /** Fewer than the log keeps, so that no tick is overwritten before it is checked. */
    private static final int MAX_TICKS = 2_000;

    private BootedKernel k;
    private Reports reports;

    @BeforeEach
    void boot() throws Exception {
        k = BootedKernel.boot(2);
        reports = Reports.subscribe(k.system, WAIT);
    }

    @AfterEach
    void halt() throws Exception {
        k.close();
    }

    private void publish(Object event) {
        k.system.eventStream().tell(new EventStream.Publish<>(event));
    }

    private List<LogEntry> since(long id) {
        TestProbe<List<LogEntry>> reply = TestProbe.create(k.system);
        k.kernel.log().tell(new KernelLog.Since(id, reply.ref()));
        return reply.receiveMessage(WAIT);
    }

    /**
     * Publishes a numbered process event every 0.2 ms, noting when each went out, until stopped.
     */
    private final class Ticker implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Long> sentAt =
                new ArrayList<>(); // written by the ticker thread; read after join
        final Thread thread = Thread.ofPlatform().name("log-ticker").daemon().unstarted(this);

        @Override
        public void run() {
            for (int n = 0; n < MAX_TICKS && !stop.get(); n++) {
                publish(
                        new ProcessEvent.Spawned(
                                TICK_PIDS + n, "ticker", System.currentTimeMillis()));
                sentAt.add(System.currentTimeMillis());
                LockSupport.parkNanos(
                        200_000); // paces the ticks across the restart; nothing waits on it
            }
        }

        int stopAndCount() throws InterruptedException {
            stop.set(true);
            thread.join(WAIT.toMillis());
            return sentAt.size();
        }
    }

    @Test
    void aReplyToNobodyCrashesTheLogWhichKeepsItsEntriesAndLosesNoEventPublishedWhileItRestarts()
            throws Exception {
        TestProbe<KernelLog.Update> follower = TestProbe.create(k.system);
        k.kernel.log().tell(new KernelLog.Follow(0, follower.ref()));
        var beforeMark =
                new ProcessEvent.Stopped(TICK_PIDS - 1, "before-crash", System.currentTimeMillis());
        publish(beforeMark);
        var before = new ArrayList<LogEntry>();
        follower.fishForMessage(
                WAIT,
                u -> {
                    var e = assertInstanceOf(LoggedEvent.class, u);
                    before.add(new LogEntry(e.id(), e.atMillis(), e.text()));
                    return e.event().equals(beforeMark)
                            ? FishingOutcomes.complete()
                            : FishingOutcomes.continueAndIgnore();
                });

        var ticker = new Ticker();
        ticker.thread.start();
        k.kernel
                .log()
                .tell(new KernelLog.Recent(1, null)); // a reply to nobody: throws inside the log
        var crashed = reports.await("system", "log", "child_terminated");
        assertTrue(
                crashed.reason().startsWith("NullPointerException: ")
                        && crashed.reason().contains("replyTo()"),
                crashed.reason());
        var restarted = reports.await("system", "log", "child_restarted");
        int ticks = ticker.stopAndCount();

        assertEquals("restart 1", restarted.reason());
        long backoff = Init.SERVICE_BACKOFF.min().toMillis();
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= backoff,
                "restarted "
                        + (restarted.atMillis() - crashed.atMillis())
                        + " ms after its crash, before its backoff of "
                        + backoff
                        + " ms");
        assertTrue(
                ticker.sentAt.stream()
                        .anyMatch(t -> t >= crashed.atMillis() && t <= restarted.atMillis()),
                "some events were published while the log was down: " + ticker.sentAt);

        var endMark =
                new ProcessEvent.Killed(
                        TICK_PIDS + MAX_TICKS, "end-of-ticks", System.currentTimeMillis());
        assertFollowerClosedThenResumes(follower, before.getLast().id(), endMark);

        var after = since(0);
        assertEquals(
                before,
                after.subList(0, before.size()),
                "the entries from before the crash are kept as they were");
        for (int i = 1; i < after.size(); i++) {
            assertEquals(
                    after.get(i - 1).id() + 1,
                    after.get(i).id(),
                    "one entry per id, none skipped or reused");
        }
        var logged =
                after.stream()
                        .map(LogEntry::text)
                        .filter(t -> t.endsWith(" ticker spawned"))
                        .toList();
        var expected = new ArrayList<String>();
        for (int n = 0; n < ticks; n++) {
            expected.add("pid " + (TICK_PIDS + n) + " ticker spawned");
        }
        assertEquals(
                expected,
                logged,
                "every event published across the restart is logged once, in order");
        var text = after.stream().map(LogEntry::text).toList();
        assertTrue(
                text.contains("supervisor system: log child_terminated (" + crashed.reason() + ")"),
                "its own crash is logged");
        assertTrue(
                text.contains("supervisor system: log child_restarted (restart 1)"),
                String.join("\n", text));

        k.assertTreeShowsRestartedOnce("log", crashed.reason());
        var shown = String.join("\n", k.sh("log 20"));
        assertTrue(
                shown.contains("pid " + (TICK_PIDS + MAX_TICKS) + " end-of-ticks killed"), shown);
    }

    /**
     * {@code follower}, which has seen up to {@code from}, hears the entries after it, then {@link
     * KernelLog.Closed}; following again after the last id it saw, it hears the rest with no gap,
     * up to {@code endMark}.
     */
    private void assertFollowerClosedThenResumes(
            TestProbe<KernelLog.Update> follower, long from, ProcessEvent endMark) {
        var seen = new ArrayList<Long>();
        follower.fishForMessage(
                WAIT,
                u ->
                        switch (u) {
                            case LoggedEvent e -> {
                                seen.add(e.id());
                                yield FishingOutcomes.continueAndIgnore();
                            }
                            case KernelLog.Closed c -> FishingOutcomes.complete();
                        });
        long last = seen.isEmpty() ? from : seen.getLast();
        TestProbe<KernelLog.Update> again = TestProbe.create(k.system);
        k.kernel.log().tell(new KernelLog.Follow(last, again.ref()));
        publish(endMark); // the ticker thread has ended: the event stream takes this after every
        // tick
        again.fishForMessage(
                WAIT,
                u -> {
                    var e =
                            assertInstanceOf(
                                    LoggedEvent.class,
                                    u,
                                    "no Closed: the log did not restart again");
                    seen.add(e.id());
                    return e.event().equals(endMark)
                            ? FishingOutcomes.complete()
                            : FishingOutcomes.continueAndIgnore();
                });
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(
                    from + 1 + i, seen.get(i), "the follower saw every id once, in order: " + seen);
        }
    }
}
