package honk.net.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.supervision.testing.Eventually;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole kernel booted on the fakes with the HTTP service on a free loopback port, and a client
 * for it. Every reply is recorded, so that a test can check what any response ever carried.
 */
final class HttpFixture implements AutoCloseable {
    static final String TOKEN = "honk-test-token-6f1c2a9e";
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One response: status, body, headers. */
    record Reply(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    final BootedKernel booted;
    final HttpEndpoint endpoint;
    final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
    final List<Reply> replies = java.util.Collections.synchronizedList(new ArrayList<>());

    private HttpFixture(BootedKernel booted, HttpEndpoint endpoint) {
        this.booted = booted;
        this.endpoint = endpoint;
    }

    /** Boots with {@code settings} and waits until the service listens. */
    static HttpFixture boot(HttpSettings settings) throws Exception {
        var registry = new Registry();
        registry.put(HttpSettings.class, settings);
        var booted = BootedKernel.boot(2, registry, new HttpServices());
        var endpoint = booted.kernel.registry().get(HttpEndpoint.class).orElseThrow();
        endpoint.firstBinding().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return new HttpFixture(booted, endpoint);
    }

    static HttpFixture boot() throws Exception {
        return boot(new HttpSettings("127.0.0.1", 0, TOKEN));
    }

    URI uri(String path) {
        InetSocketAddress a =
                endpoint.address()
                        .orElseThrow(() ->
                                new AssertionError("http is not listening: " + endpoint.problem()));
        return URI.create("http://127.0.0.1:" + a.getPort() + path);
    }

    Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply post(String path, String body, String token) throws Exception {
        var b =
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(token == null ? b : b.header("Authorization", "Bearer " + token));
    }

    Reply post(String path, String body) throws Exception {
        return post(path, body, TOKEN);
    }

    Reply delete(String path, String token) throws Exception {
        var b = HttpRequest.newBuilder(uri(path)).DELETE();
        return send(token == null ? b : b.header("Authorization", "Bearer " + token));
    }

    Reply send(HttpRequest.Builder request) throws Exception {
        var r = client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        var reply = new Reply(r.statusCode(), r.body(), r.headers());
        replies.add(reply);
        return reply;
    }

    /** Spawns {@code body} over HTTP and returns the new PID. */
    long spawn(String body) throws Exception {
        Reply r = post("/api/procs", body);
        if (r.status() != 201) {
            throw new AssertionError("spawn failed: " + r.status() + " " + r.body());
        }
        return r.json().get("pid").asLong();
    }

    /**
     * Polls {@code GET path} until {@code done} holds for its JSON; fails naming the last answer.
     */
    JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> done) throws Exception {
        return Eventually.await(
                        "GET " + path + " answers as expected",
                        WAIT,
                        () -> get(path),
                        r -> r.status() == 200 && done.test(r.json()))
                .json();
    }

    @Override
    public void close() throws Exception {
        booted.close();
    }
}
