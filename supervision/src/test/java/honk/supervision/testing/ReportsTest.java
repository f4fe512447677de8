package honk.supervision.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.eventstream.EventStream;

import honk.supervision.SupervisorReport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/** The reports reader: what it skips, what it returns, and when it stops hearing. */
@Timeout(60)
class ReportsTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(300);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static SupervisorReport report(String supervisor, String context, String offender) {
        return new SupervisorReport(supervisor, context, "why", offender, 1);
    }

    private static void publish(SupervisorReport... reports) {
        for (var r : reports) {
            testKit.system().eventStream().tell(new EventStream.Publish<>(r));
        }
    }

    @Test
    void awaitSkipsToTheReportOfThatSupervisorAboutThatChildInThatContext() {
        try (var reports = Reports.subscribe(testKit.system(), WAIT)) {
            var wanted = report("sup-await", "child_restarted", "a");
            publish(
                    report("other", "child_restarted", "a"),
                    report("sup-await", "child_terminated", "a"),
                    report("sup-await", "child_restarted", "b"),
                    wanted,
                    report("sup-await", "child_restarted", "a"));
            assertEquals(wanted, reports.await("sup-await", "a", "child_restarted"));
            assertEquals(
                    List.of(report("sup-await", "child_restarted", "a")),
                    reports.next("sup-await", 1),
                    "what came after the awaited report is still there");
        }
    }

    @Test
    void nextTakesThatSupervisorsReportsInOrderAndSkipsTheOthers() {
        try (var reports = Reports.subscribe(testKit.system(), WAIT)) {
            var first = report("sup-next", "child_terminated", "a");
            var second = report("sup-next", "child_restarted", "a");
            publish(
                    report("other", "child_terminated", "x"),
                    first,
                    report("other", "shutdown", "y"),
                    second);
            assertEquals(List.of(first, second), reports.next("sup-next", 2));
        }
    }

    @Test
    void aReportThatDoesNotComeFailsTheWaitNamingWhatWasAwaited() {
        try (var reports = Reports.subscribe(testKit.system(), SHORT)) {
            publish(report("sup-missing", "child_terminated", "a"));
            var e =
                    assertThrows(
                            AssertionError.class,
                            () -> reports.await("sup-missing", "a", "child_restarted"));
            assertTrue(
                    e.getMessage().contains("a report of sup-missing: a child_restarted"),
                    e.getMessage());
            assertThrows(AssertionError.class, () -> reports.next("sup-missing", 1));
        }
    }

    @Test
    void afterCloseNoReportReachesTheReader() {
        var closed = Reports.subscribe(testKit.system(), SHORT);
        try (var open = Reports.subscribe(testKit.system(), WAIT)) {
            closed.close();
            var late = report("sup-close", "child_terminated", "a");
            publish(late);
            assertEquals(late, open.await("sup-close", "a", "child_terminated"));
            assertThrows(AssertionError.class, () -> closed.next("sup-close", 1));
        }
    }
}
