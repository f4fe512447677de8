package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * {@code /api/events}: lifecycle events as Server-Sent Events, live and resumed with since or
 * Last-Event-ID.
 */
@Timeout(120)
class HttpEventsTest {
    private static HttpFixture http;

    @BeforeAll
    static void boot() throws Exception {
        http = HttpFixture.boot();
    }

    @AfterAll
    static void halt() throws Exception {
        http.close();
    }

    private static boolean crashOf(SseStream.Event e, long pid) {
        return e.type().equals("crashed") && e.data().get("pid").asLong() == pid;
    }

    @Test
    void theStreamReplaysAfterSinceAndResumesWhereAClientLeftOff() throws Exception {
        long pid = http.spawn("{\"program\": \"crasher\"}");
        http.post("/api/procs/" + pid + "/messages", "{\"text\": \"boom\"}");
        List<SseStream.Event> all;
        try (var stream = SseStream.open(http, "/api/events?since=0", null)) {
            assertEquals(
                    "text/event-stream",
                    stream.response.headers().firstValue("Content-Type").orElse(""));
            all = stream.until(e -> crashOf(e, pid));
        }
        for (int i = 1; i < all.size(); i++) {
            assertEquals(all.get(i - 1).id() + 1, all.get(i).id(), "ids follow each other: " + all);
        }
        var crash = all.getLast();
        assertEquals("CrashRequested: boom", crash.data().get("cause").asText());
        assertEquals("crasher", crash.data().get("name").asText());
        assertEquals(crash.id(), crash.data().get("id").asLong());
        var spawned =
                all.stream()
                        .filter(e ->
                                e.type().equals("spawned") && e.data().get("pid").asLong() == pid)
                        .findFirst()
                        .orElseThrow();
        try (var resumed = SseStream.open(http, "/api/events?since=" + spawned.id(), null)) {
            assertEquals(
                    spawned.id() + 1,
                    resumed.next().id(),
                    "resumes right after the id it was given");
        }
    }

    @Test
    void withoutSinceOnlyNewEventsArrive() throws Exception {
        http.spawn("{\"program\": \"idle\"}"); // an event from before the stream opens
        try (var stream = SseStream.open(http, "/api/events", null)) {
            long pid = http.spawn("{\"program\": \"idle\"}");
            var first = stream.next();
            assertEquals("spawned", first.type());
            assertEquals(pid, first.data().get("pid").asLong());
            assertEquals(204, http.delete("/api/procs/" + pid, HttpFixture.TOKEN).status());
            var killed = stream.next();
            assertEquals("killed", killed.type());
            assertEquals(first.id() + 1, killed.id());
        }
    }

    @Test
    void lastEventIdFromAReconnectingBrowserWinsOverSince() throws Exception {
        long pid = http.spawn("{\"program\": \"idle\"}");
        long id;
        try (var stream = SseStream.open(http, "/api/events?since=0", null)) {
            id =
                    stream.until(e ->
                                    e.type().equals("spawned")
                                            && e.data().get("pid").asLong() == pid)
                            .getLast()
                            .id();
        }
        try (var again = SseStream.open(http, "/api/events?since=0", Long.toString(id - 1))) {
            assertEquals(id, again.next().id());
        }
    }

    @Test
    void aSinceThatIsNotAnIdIs400() throws Exception {
        var r = http.get("/api/events?since=yesterday");
        assertEquals(400, r.status());
        assertTrue(r.error().startsWith("since 'yesterday' is not an event id"), r.body());
    }

    @Test
    void theStreamEndsWhenTheKernelLogRestarts() throws Exception {
        try (var stream = SseStream.open(http, "/api/events", null)) {
            var out = http.booted.sh("fault log");
            assertTrue(
                    out.getFirst().startsWith("fault: log crashed and was restarted"),
                    out.toString());
            SseStream.Event e;
            do {
                e = stream.next();
            } while (e != null);
            assertNull(e, "the stream completed");
        }
        long pid = http.spawn("{\"program\": \"idle\"}");
        try (var fresh = SseStream.open(http, "/api/events?since=0", null)) {
            var events = fresh.until(e -> e.data().path("pid").asLong() == pid);
            assertEquals("spawned", events.getLast().type(), "a new stream follows the new log");
        }
    }
}
