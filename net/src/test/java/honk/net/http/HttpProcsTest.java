package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /api/procs}: list, show, spawn, kill and send on a booted kernel, each with its errors.
 */
@Timeout(120)
class HttpProcsTest {
    private static HttpFixture http;

    @BeforeAll
    static void boot() throws Exception {
        http = HttpFixture.boot();
    }

    @AfterAll
    static void halt() throws Exception {
        http.close();
    }

    @Test
    void spawnWithTheTokenAnswers201WithThePidAndThePsColumns() throws Exception {
        var r =
                http.post(
                        "/api/procs",
                        "{\"program\": \"ticker\", \"args\": [\"60000\"], \"restart\":"
                                + " \"on-failure\", \"caps\": [\"console\"]}");
        assertEquals(201, r.status(), r.body());
        long pid = r.json().get("pid").asLong();
        assertEquals("/api/procs/" + pid, r.headers().firstValue("Location").orElse(""));
        JsonNode p = http.get("/api/procs/" + pid).json();
        assertEquals("ticker", p.get("name").asText());
        assertEquals("running", p.get("state").asText());
        assertEquals("on-failure", p.get("restart").asText());
        assertEquals("native", p.get("kind").asText());
        assertEquals("[\"console\"]", p.get("caps").toString());
        assertEquals("[\"60000\"]", p.get("args").toString());
        assertEquals(0, p.get("restarts").asInt());
        assertTrue(p.get("path").asText().endsWith("/" + pid + "-ticker"), p.toString());
        for (String field :
                new String[] {"messages", "uptimeMillis", "startedAt", "lastFailure", "backoff"}) {
            assertTrue(p.has(field), "has " + field + ": " + p);
        }
        assertTrue(
                p.get("mailbox").has("depth") && p.get("processing").has("meanMicros"),
                p.toString());
    }

    @Test
    void theListHoldsEveryProcess() throws Exception {
        long a = http.spawn("{\"program\": \"idle\"}");
        long b = http.spawn("{\"program\": \"idle\", \"caps\": []}");
        JsonNode list = http.get("/api/procs").json();
        assertEquals(list.get("count").asInt(), list.get("processes").size());
        var pids = new java.util.ArrayList<Long>();
        list.get("processes").forEach(p -> pids.add(p.get("pid").asLong()));
        assertTrue(pids.contains(a) && pids.contains(b), pids.toString());
    }

    @Test
    void spawningWithoutATokenIs401WithABearerChallenge() throws Exception {
        var r = http.post("/api/procs", "{\"program\": \"idle\"}", null);
        assertEquals(401, r.status());
        assertTrue(r.error().contains("Authorization: Bearer TOKEN"), r.body());
        assertTrue(
                r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                r.headers().toString());
    }

    @Test
    void spawningWithAWrongTokenIs403() throws Exception {
        var r = http.post("/api/procs", "{\"program\": \"idle\"}", "not-the-token");
        assertEquals(403, r.status());
        assertEquals("the bearer token is wrong", r.error());
    }

    @Test
    void badSpawnRequestsAre400AndNameTheProblem() throws Exception {
        String[][] cases = {
            {"{\"program\": \"nosuch\"}", "unknown program 'nosuch' (programs: "},
            {
                "{\"program\": \"idle\", \"restart\": \"sometimes\"}",
                "unknown restart policy 'sometimes' (use never|on-failure|always)"
            },
            {"{\"program\": \"idle\", \"caps\": [\"root\"]}", "unknown capability 'root'"},
            {
                "{\"program\": \"idle\", \"caps\": \"console\"}",
                "field 'caps' must be an array of strings"
            },
            {"{\"program\": \"idle\", \"args\": [1]}", "field 'args' must be an array of strings"},
            {"{\"program\": 7}", "field 'program' is required"},
            {"{\"args\": []}", "field 'program' is required"},
            {"{\"program\": \"idle\", \"priority\": 1}", "unknown field 'priority'"},
            {"{\"program\": \"idle\"", "malformed JSON"},
            {"{\"program\": \"idle\"} trailing", "malformed JSON"},
            {"{\"program\": \"idle\", \"program\": \"ticker\"}", "malformed JSON"},
            {"[\"idle\"]", "the body must be a JSON object"},
            {"", "the body is empty"},
        };
        for (String[] c : cases) {
            var r = http.post("/api/procs", c[0]);
            assertEquals(400, r.status(), c[0] + " -> " + r.body());
            assertTrue(
                    r.error().startsWith(c[1]) || r.error().contains(c[1]),
                    c[0] + " -> " + r.error());
            assertTrue(
                    r.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("application/json"),
                    r.headers().toString());
        }
    }

    @Test
    void aHugeBodyIsRejectedWith413() throws Exception {
        // A raw socket: the server may answer (and close) before the whole body is sent, which a
        // client that insists on writing all of it first sees as a broken pipe, not as the 413.
        var uri = http.uri("/api/procs");
        try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(
                    ("POST /api/procs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                    + HttpFixture.TOKEN
                                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                                    + (1 << 20)
                                    + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try {
                out.write(
                        ("{\"program\": \"idle\", \"args\": [\"" + "x".repeat(64 << 10))
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server refused the rest: its answer is still there to read
            }
            var in =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    socket.getInputStream(),
                                    java.nio.charset.StandardCharsets.US_ASCII));
            String status = in.readLine();
            assertTrue(
                    status != null && status.startsWith("HTTP/1.1 413"), "status line: " + status);
            String line;
            var rest = new StringBuilder();
            while ((line = in.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains("too large"), rest.toString());
        }
    }

    @Test
    void showingAPidThatIsNotThereIs404AndANonNumberIs400() throws Exception {
        var missing = http.get("/api/procs/999999");
        assertEquals(404, missing.status());
        assertEquals("no process 999999 (GET /api/procs lists them)", missing.error());
        var bad = http.get("/api/procs/abc");
        assertEquals(400, bad.status());
        assertTrue(bad.error().startsWith("'abc' is not a PID"), bad.body());
    }

    @Test
    void killAnswers204ThenTheProcessIsListedKilledAndASecondKillIs409() throws Exception {
        long pid = http.spawn("{\"program\": \"idle\"}");
        assertEquals(401, http.delete("/api/procs/" + pid, null).status());
        assertEquals(403, http.delete("/api/procs/" + pid, "wrong").status());
        var kill = http.delete("/api/procs/" + pid, HttpFixture.TOKEN);
        assertEquals(204, kill.status(), kill.body());
        assertEquals("", kill.body());
        assertEquals("killed", http.get("/api/procs/" + pid).json().get("state").asText());
        var again = http.delete("/api/procs/" + pid, HttpFixture.TOKEN);
        assertEquals(409, again.status());
        assertEquals("process " + pid + " has already ended (killed)", again.error());
        assertEquals(404, http.delete("/api/procs/999999", HttpFixture.TOKEN).status());
    }

    @Test
    void aMessageIsDeliveredAsSendDoes() throws Exception {
        long pid = http.spawn("{\"program\": \"crasher\", \"restart\": \"on-failure\"}");
        var r = http.post("/api/procs/" + pid + "/messages", "{\"text\": \"boom\"}");
        assertEquals(202, r.status(), r.body());
        assertTrue(r.json().get("delivered").asBoolean());
        JsonNode p =
                http.awaitJson(
                        "/api/procs/" + pid,
                        j ->
                                j.get("restarts").asInt() == 1
                                        && j.get("state").asText().equals("running"));
        assertEquals("CrashRequested: boom", p.get("lastFailure").get("cause").asText());
        assertTrue(p.get("lastFailure").get("at").asText().endsWith("Z"), p.toString());
    }

    @Test
    void messagesNeedTheTokenAPidThatIsThereAndARunningProcess() throws Exception {
        long pid = http.spawn("{\"program\": \"idle\"}");
        assertEquals(
                401,
                http.post("/api/procs/" + pid + "/messages", "{\"text\": \"hi\"}", null).status());
        assertEquals(
                403,
                http.post("/api/procs/" + pid + "/messages", "{\"text\": \"hi\"}", "wrong")
                        .status());
        assertEquals(404, http.post("/api/procs/999999/messages", "{\"text\": \"hi\"}").status());
        var noText = http.post("/api/procs/" + pid + "/messages", "{\"txt\": \"hi\"}");
        assertEquals(400, noText.status());
        assertTrue(noText.error().contains("'text'"), noText.body());
        assertEquals(400, http.post("/api/procs/" + pid + "/messages", "not json").status());
        assertEquals(204, http.delete("/api/procs/" + pid, HttpFixture.TOKEN).status());
        var ended = http.post("/api/procs/" + pid + "/messages", "{\"text\": \"hi\"}");
        assertEquals(409, ended.status());
        assertTrue(
                ended.error().startsWith("process " + pid + " is not running now (killed)"),
                ended.body());
    }
}
