package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;

import com.fasterxml.jackson.databind.JsonNode;

import honk.supervision.SupervisorReport;
import honk.supervision.testing.Eventually;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Real crashes of the net module's services on a whole kernel: {@code counters} and {@code http}
 * each throw in their own handler; {@code system} reports the crash, waits out the backoff,
 * restarts the service in place and counts the restart where a user looks: {@code tree}, {@code
 * log}, {@code /api/tree} and {@code /metrics}. Nothing the counters were told is lost or counted
 * twice.
 */
@Timeout(90)
class NetCrashTest {
    private static HttpFixture http;
    private static Reports reports;

    @BeforeAll
    static void boot() throws Exception {
        http = HttpFixture.boot();
        reports = Reports.subscribe(http.booted.system, HttpFixture.WAIT);
    }

    @AfterAll
    static void halt() throws Exception {
        http.close();
    }

    /** The running service {@code id} under {@code system}, found by its path as any actor is. */
    private static <T> ActorRef<T> service(String id) throws Exception {
        var classic =
                Adapter.toClassic(http.booted.system)
                        .actorSelection("/user/system/" + id)
                        .resolveOne(Duration.ofSeconds(5))
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
        return Adapter.toTyped(classic);
    }

    private static long spawned() throws Exception {
        TestProbe<EventCounters.Counts> counts = TestProbe.create(http.booted.system);
        NetCrashTest.<EventCounters.Command>service("counters")
                .tell(new EventCounters.Get(counts.ref()));
        return counts.receiveMessage(HttpFixture.WAIT).lifecycle().get("spawned");
    }

    /**
     * Waits until {@code n} spawns are counted (the event stream is asynchronous), then checks no
     * more come.
     */
    private static void assertSpawnedCount(long n, String why) throws Exception {
        Eventually.await(
                n + " spawns counted", HttpFixture.WAIT, NetCrashTest::spawned, c -> c >= n);
        Thread.sleep(
                200); // part of what is checked: room for a second, wrong count of the same spawn
        assertEquals(n, spawned(), why);
    }

    private static void assertCountedEverywhere(
            String service, SupervisorReport crashed, SupervisorReport restarted) throws Exception {
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= 200,
                "restarted before its backoff of 200 ms");
        assertEquals("restart 1", restarted.reason());
        http.booted.assertRestartedOnce(service, crashed.reason(), 50);
        Eventually.await(
                "http listens again after its restart",
                HttpFixture.WAIT,
                () -> http.endpoint.address().isPresent());
        JsonNode node = null;
        for (JsonNode s : http.get("/api/tree").json().get("children").get(0).get("children")) {
            node = s.get("name").asText().equals(service) ? s : node;
        }
        assertEquals(1, node.get("restarts").asInt(), node.toString());
        assertEquals(crashed.reason(), node.get("lastFailure").asText());
        assertTrue(
                http.get("/metrics")
                        .body()
                        .contains("honk_service_restarts{service=\"" + service + "\"} 1\n"));
    }

    @Test
    void aBugInTheCountersRestartsThemInPlaceAndTheyCountOnWithoutLosingOrDoublingAnEvent()
            throws Exception {
        long before = spawned();
        http.booted.sh("run idle");
        assertSpawnedCount(before + 1, "a spawn is counted");
        service("counters").tell(new EventCounters.Crash("a bug in the counters"));
        var crashed = reports.await("system", "counters", "child_terminated");
        assertEquals("IllegalStateException: a bug in the counters", crashed.reason());
        http.booted.sh("run idle"); // published while the counters wait out their backoff
        var restarted = reports.await("system", "counters", "child_restarted");
        assertSpawnedCount(before + 2, "the spawn during the restart was held, then counted");
        http.booted.sh("run idle");
        assertSpawnedCount(before + 3, "counted once after the restart: not subscribed twice");
        assertCountedEverywhere("counters", crashed, restarted);
    }

    @Test
    void aBugInTheHttpServiceRestartsItInPlaceAndItServesAgain() throws Exception {
        service("http").tell(new HttpService.Crash("a bug in the server"));
        var crashed = reports.await("system", "http", "child_terminated");
        assertEquals("IllegalStateException: a bug in the server", crashed.reason());
        var restarted = reports.await("system", "http", "child_restarted");
        assertCountedEverywhere("http", crashed, restarted);
        assertEquals(200, http.get("/api/system").status());
    }
}
