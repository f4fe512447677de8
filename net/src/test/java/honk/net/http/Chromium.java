package honk.net.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import honk.supervision.testing.Eventually;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's client), for
 * testing the dashboard as a browser runs it. Only for tests; {@link #find} says whether the
 * machine has a Chromium at all (Debian: apt-get install chromium).
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    static Optional<Path> find() {
        for (String name :
                new String[] {
                    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"
                }) {
            if (Files.isExecutable(Path.of(name))) {
                return Optional.of(Path.of(name));
            }
        }
        return Optional.empty();
    }

    private Chromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    static Chromium start(Path binary) throws Exception {
        Path profile = Files.createTempDirectory("honk-chromium");
        Process p =
                new ProcessBuilder(
                                binary.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--remote-debugging-port=0",
                                "--user-data-dir=" + profile,
                                "about:blank")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        var err = new BufferedReader(new InputStreamReader(p.getErrorStream()));
        String browser = null;
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at > 0) {
                browser = line.substring(at);
                break;
            }
        }
        if (browser == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not open its DevTools port");
        }
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> {})); // keep its stderr drained
        var http = HttpClient.newHttpClient();
        var list = URI.create("http://" + URI.create(browser).getAuthority() + "/json/list");
        String wsUrl = null;
        for (JsonNode t :
                JSON.readTree(
                        http.send(
                                        HttpRequest.newBuilder(list).build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())) {
            if (t.path("type").asText().equals("page")) {
                wsUrl = t.get("webSocketDebuggerUrl").asText();
            }
        }
        var holder = new CompletableFuture<Chromium>();
        var listener = new Listener(holder);
        WebSocket ws =
                http.newWebSocketBuilder()
                        .buildAsync(URI.create(wsUrl), listener)
                        .get(20, TimeUnit.SECONDS);
        var chromium = new Chromium(p, profile, ws);
        holder.complete(chromium);
        return chromium;
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        var reply = new CompletableFuture<JsonNode>();
        pending.put(id, reply);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        page.sendText(JSON.writeValueAsString(msg), true).get(20, TimeUnit.SECONDS);
        return reply.get(20, TimeUnit.SECONDS);
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Evaluates {@code js} in the page and returns its value as a string. */
    String eval(String js) throws Exception {
        JsonNode r =
                call(
                        "Runtime.evaluate",
                        JSON.createObjectNode().put("expression", js).put("returnByValue", true));
        return r.path("result").path("result").path("value").asText();
    }

    /**
     * Evaluates {@code js} until its string value contains {@code expected}; returns the last
     * value.
     */
    String awaitEval(String js, String expected, Duration timeout) throws Exception {
        return Eventually.await(
                "the page shows '" + expected + "'",
                timeout,
                () -> eval(js),
                v -> v.contains(expected));
    }

    @Override
    public void close() throws Exception {
        page.abort();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Collects text frames into messages and completes the call each answers. */
    private static final class Listener implements WebSocket.Listener {
        private final CompletableFuture<Chromium> owner;
        private final StringBuilder frame = new StringBuilder();

        Listener(CompletableFuture<Chromium> owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String text = frame.toString();
                frame.setLength(0);
                owner.thenAccept(c -> c.answer(text));
            }
            ws.request(1);
            return null;
        }
    }

    private void answer(String text) {
        try {
            JsonNode msg = JSON.readTree(text);
            if (msg.has("id")) {
                var reply = pending.remove(msg.get("id").asInt());
                if (reply != null) {
                    reply.complete(msg);
                }
            }
        } catch (Exception e) {
            // an event we do not read
        }
    }
}
