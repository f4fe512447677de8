package honk.supervision.testing;

import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.eventstream.EventStream;

import honk.supervision.SupervisorReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link SupervisorReport}s an actor system publishes, as a test reads them: {@link #subscribe}
 * returns once the subscription is in place (a marker report published after it has come back), so
 * no report published afterwards is missed; {@link #await} skips to the report of one supervisor
 * about one child in one context, and {@link #next} takes the next reports of one supervisor,
 * skipping the others'.
 *
 * <pre>{@code
 * var reports = Reports.subscribe(k.system, WAIT);
 * k.tell("fault kv");
 * var crashed = reports.await("system", "kv", "child_terminated");
 * var restarted = reports.await("system", "kv", "child_restarted");
 * }</pre>
 *
 * <p>Each wait fails after the {@code wait} given to {@link #subscribe}. Shipped in supervision's
 * test-jar for every module's tests.
 */
public final class Reports implements AutoCloseable {
    private static final AtomicLong MARKERS = new AtomicLong();

    private final ActorSystem<?> system;
    private final TestProbe<SupervisorReport> probe;
    private final Duration wait;

    private Reports(ActorSystem<?> system, TestProbe<SupervisorReport> probe, Duration wait) {
        this.system = system;
        this.probe = probe;
        this.wait = wait;
    }

    /**
     * Subscribes to the reports {@code system} publishes from now on, and returns once the
     * subscription is in place; every wait on them fails after {@code wait}.
     */
    public static Reports subscribe(ActorSystem<?> system, Duration wait) {
        TestProbe<SupervisorReport> probe = TestProbe.create(system);
        system.eventStream().tell(new EventStream.Subscribe<>(SupervisorReport.class, probe.ref()));
        // the stream delivers one sender's messages in order: once the marker is back, so is the
        // subscription (a marker of its own, so that another's subscription does not answer it)
        var marker = new SupervisorReport("marker-" + MARKERS.incrementAndGet(), "none", "", "", 0);
        system.eventStream().tell(new EventStream.Publish<>(marker));
        probe.fishForMessage(
                wait,
                "the marker " + marker.supervisor() + " (the subscription is in place)",
                r ->
                        r.equals(marker)
                                ? FishingOutcomes.complete()
                                : FishingOutcomes.continueAndIgnore());
        return new Reports(system, probe, wait);
    }

    /**
     * Skips to the next report of {@code supervisor} about its child {@code offender} in {@code
     * context} (child_terminated, child_restarted, ...) and returns it.
     */
    public SupervisorReport await(String supervisor, String offender, String context) {
        return probe.fishForMessage(
                        wait,
                        "a report of " + supervisor + ": " + offender + " " + context,
                        r ->
                                r.supervisor().equals(supervisor)
                                                && r.offender().equals(offender)
                                                && r.context().equals(context)
                                        ? FishingOutcomes.complete()
                                        : FishingOutcomes.continueAndIgnore())
                .getLast();
    }

    /**
     * The next {@code n} reports of {@code supervisor}, in the order published, skipping other
     * supervisors' reports; fails if one is not there within the wait of the one before.
     */
    public List<SupervisorReport> next(String supervisor, int n) {
        var out = new ArrayList<SupervisorReport>();
        while (out.size() < n) {
            var r = probe.receiveMessage(wait);
            if (r.supervisor().equals(supervisor)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Unsubscribes: no report published from now on reaches this reader. */
    @Override
    public void close() {
        system.eventStream().tell(new EventStream.Unsubscribe<>(probe.ref()));
    }
}
