package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;

import com.fasterxml.jackson.databind.JsonNode;

import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.Program;
import honk.actors.SpawnSpec;
import honk.actors.Text;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The read-only views: system, tree, dead letters, metrics, the dashboard, and JSON errors for
 * unknown paths.
 */
@Timeout(120)
class HttpInspectTest {
    private static HttpFixture http;

    @BeforeAll
    static void boot() throws Exception {
        http = HttpFixture.boot();
    }

    @AfterAll
    static void halt() throws Exception {
        http.close();
    }

    /**
     * Blocks its thread on "block" until the latch opens: messages sent meanwhile wait in its
     * mailbox.
     */
    private record Blocker(CountDownLatch release) implements Program {
        public String name() {
            return "blocker";
        }

        public String summary() {
            return "blocks on 'block'";
        }

        public akka.actor.typed.Behavior<ProcessMessage> create(ProcessContext ctx) {
            return Behaviors.receive(ProcessMessage.class)
                    .onMessage(
                            Text.class,
                            t -> {
                                if (t.text().equals("block")) {
                                    release.await(30, TimeUnit.SECONDS);
                                }
                                return Behaviors.same();
                            })
                    .build();
        }
    }

    @Test
    void systemReportsTheBoardHartsMemoryVersionsAndProcessCount() throws Exception {
        JsonNode s = http.get("/api/system").json();
        assertEquals("fake", s.get("board").asText());
        assertEquals(2, s.get("harts").asInt());
        assertTrue(s.get("uptimeMillis").asLong() >= 0);
        assertTrue(s.get("memory").get("heap").get("usedBytes").asLong() > 0, s.toString());
        assertTrue(s.get("memory").get("nonHeap").get("usedBytes").asLong() > 0, s.toString());
        assertEquals(512L << 20, s.get("memory").get("ram").get("totalBytes").asLong());
        assertEquals(Runtime.version().toString(), s.get("jvm").get("version").asText());
        assertEquals("0.1.0", s.get("honk").get("version").asText());
        assertTrue(s.get("processes").get("byState").has("running"), s.toString());
    }

    @Test
    void aBlockedProcessShowsTheMessagesQueuedBehindItAsMailboxDepth() throws Exception {
        var release = new CountDownLatch(1);
        long pid = http.booted.kernel.table().spawn(SpawnSpec.of(new Blocker(release), List.of()));
        for (String text : new String[] {"block", "one", "two", "three"}) {
            assertEquals(
                    202,
                    http.post("/api/procs/" + pid + "/messages", "{\"text\": \"" + text + "\"}")
                            .status());
        }
        JsonNode blocked =
                http.awaitJson(
                        "/api/procs/" + pid, p -> p.get("mailbox").get("depth").asInt() == 3);
        assertEquals(1, blocked.get("mailbox").get("dequeued").asInt(), blocked.toString());
        JsonNode tree = http.get("/api/tree").json();
        assertEquals(
                3,
                find(tree, "/" + pid + "-blocker").get("mailboxDepth").asInt(),
                "the tree shows it too");
        assertTrue(
                http.get("/metrics")
                        .body()
                        .contains(
                                "honk_process_mailbox_depth{pid=\""
                                        + pid
                                        + "\",name=\"blocker\"} 3"));
        Thread.sleep(20); // time that passes on purpose: the 20 ms floors asserted below
        release.countDown();
        JsonNode done =
                http.awaitJson(
                        "/api/procs/" + pid, p -> p.get("processing").get("handled").asInt() == 4);
        assertEquals(0, done.get("mailbox").get("depth").asInt());
        assertTrue(done.get("processing").get("maxMicros").asDouble() >= 20_000, done.toString());
        assertTrue(done.get("mailbox").get("maxWaitMicros").asDouble() >= 20_000, done.toString());
    }

    @Test
    void theTreeHasTheServicesAndTheProcessesWithPathsKindsAndMailboxDepth() throws Exception {
        long pid = http.spawn("{\"program\": \"idle\"}");
        JsonNode root = http.get("/api/tree").json();
        assertEquals("guardian", root.get("kind").asText());
        JsonNode system = root.get("children").get(0);
        assertEquals("supervisor", system.get("kind").asText());
        var services = new ArrayList<String>();
        system.get("children").forEach(c -> services.add(c.get("name").asText()));
        assertEquals(List.of("log", "console", "shell", "counters", "http"), services);
        JsonNode log = system.get("children").get(0);
        assertEquals("/user/system/log", log.get("path").asText());
        assertEquals("service", log.get("kind").asText());
        assertEquals("running", log.get("state").asText());
        assertTrue(log.get("mailboxDepth").isNumber(), "a service's mailbox is metered: " + log);
        JsonNode procs = root.get("children").get(1);
        assertEquals("process-table", procs.get("kind").asText());
        assertEquals(2, procs.get("children").size(), "one shard per hart");
        assertTrue(
                procs.get("children").get(0).get("mailboxDepth").isNumber(),
                "a shard's mailbox is metered");
        JsonNode p = find(root, "/" + pid + "-idle");
        assertEquals("native", p.get("kind").asText());
        assertEquals(pid, p.get("pid").asLong());
        assertEquals(0, p.get("mailboxDepth").asInt());
    }

    @Test
    void deadLettersAreCountedWithSenderAndRecipient() throws Exception {
        ActorRef<String> gone =
                http.booted.system.systemActorOf(Behaviors.stopped(), "gone", Props.empty());
        long before = http.get("/api/deadletters").json().get("total").asLong();
        var sent = new AtomicInteger();
        JsonNode d =
                Eventually.await(
                        "a letter to a stopped actor is counted",
                        HttpFixture.WAIT,
                        () -> {
                            gone.tell("lost letter " + sent.getAndIncrement());
                            return http.get("/api/deadletters?limit=5").json();
                        },
                        j -> j.get("total").asLong() > before);
        assertTrue(d.get("total").asLong() > before, d.toString());
        JsonNode last = d.get("recent").get(0);
        assertTrue(last.get("recipient").asText().endsWith("/system/gone"), last.toString());
        assertTrue(last.get("message").asText().startsWith("lost letter"), last.toString());
        assertTrue(last.get("sender").isNull(), "a typed tell has no sender: " + last);
        assertEquals("dead", last.get("kind").asText());
        assertTrue(d.get("byKind").get("dead").asLong() > 0, d.toString());
        assertTrue(d.get("recent").size() <= 5);
        assertEquals(400, http.get("/api/deadletters?limit=lots").status());
    }

    @Test
    void aMessageTheRecipientDoesNotHandleIsCountedAsUnhandled() throws Exception {
        ActorRef<String> picky =
                http.booted.system.systemActorOf(
                        Behaviors.receiveMessage(m -> Behaviors.unhandled()),
                        "picky",
                        Props.empty());
        var sent = new AtomicInteger();
        JsonNode d =
                Eventually.await(
                        "a letter its recipient does not handle is counted",
                        HttpFixture.WAIT,
                        () -> {
                            picky.tell("not for me " + sent.getAndIncrement());
                            return http.get("/api/deadletters").json();
                        },
                        j -> j.get("byKind").get("unhandled").asLong() > 0);
        assertTrue(d.get("byKind").get("unhandled").asLong() > 0, d.toString());
        boolean listed = false;
        for (JsonNode one : d.get("recent")) {
            listed |=
                    one.get("kind").asText().equals("unhandled")
                            && one.get("recipient").asText().endsWith("/system/picky")
                            && one.get("message").asText().startsWith("not for me");
        }
        assertTrue(listed, d.toString());
        assertTrue(
                http.get("/metrics")
                        .body()
                        .matches("(?s).*honk_dead_letters_total\\{kind=\"unhandled\"\\} [1-9].*"));
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
        http.spawn("{\"program\": \"idle\"}");
        var r = http.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(
                r.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        var sample =
                Pattern.compile(
                        "[a-zA-Z_:][a-zA-Z0-9_:]*"
                                + "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\""
                                + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*\\})?"
                                + " -?[0-9.eE+-]+");
        for (String line : r.body().split("\n")) {
            assertTrue(
                    line.startsWith("# HELP ")
                            || line.startsWith("# TYPE ")
                            || sample.matcher(line).matches(),
                    line);
        }
        for (String expected :
                new String[] {
                    "honk_processes{state=\"running\"} ",
                    "honk_process_restarts_total ",
                    "honk_process_crashes_total ",
                    "honk_dead_letters_total{kind=\"dead\"} ",
                    "honk_dead_letters_total{kind=\"unhandled\"} ",
                    "honk_process_messages_total{pid=",
                    "honk_service_mailbox_depth{service=\"log\"} ",
                    "jvm_memory_bytes_used{area=\"heap\"} ",
                    "jvm_gc_collection_seconds_count{gc=",
                    "# TYPE honk_process_events_total counter"
                }) {
            assertTrue(r.body().contains(expected), "metrics have " + expected);
        }
    }

    @Test
    void theDashboardPageAndItsScriptAreServed() throws Exception {
        var page = http.get("/");
        assertEquals(200, page.status());
        assertTrue(
                page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                page.headers().toString());
        assertTrue(
                page.body().contains("<title>honk</title>")
                        && page.body().contains("dashboard.js"));
        var script = http.get("/dashboard.js");
        assertEquals(200, script.status());
        assertTrue(script.body().contains("EventSource(\"/api/events?since=0\")"));
    }

    @Test
    void unknownPathsAndMethodsAnswerWithJsonErrors() throws Exception {
        var missing = http.get("/api/nothing");
        assertEquals(404, missing.status());
        assertEquals("The requested resource could not be found.", missing.error());
        var method =
                http.send(
                        HttpRequest.newBuilder(http.uri("/api/system"))
                                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, method.status());
        assertTrue(method.error().contains("GET"), method.body());
    }

    /** The node whose path ends with {@code suffix}, anywhere in the tree. */
    static JsonNode find(JsonNode node, String suffix) {
        if (node.get("path").asText().endsWith(suffix)) {
            return node;
        }
        for (JsonNode c : node.get("children")) {
            JsonNode hit = find(c, suffix);
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }
}
