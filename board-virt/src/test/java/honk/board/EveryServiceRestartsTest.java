package honk.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.AskPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.net.http.HttpEndpoint;
import honk.net.http.HttpSettings;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.block.FaultyBlockDevice;
import honk.storage.block.Layout;
import honk.supervision.Supervisor;
import honk.supervision.testing.Eventually;
import honk.supervision.testing.Reports;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every service the kernel starts, read from the running tree (so a new service is covered without
 * a change here), crashed through its supervisor's one path: the crash is thrown inside the
 * service's own handling, reported, restarted after a backoff, and counted in {@code tree}, {@code
 * log}, {@code /api/tree} and {@code /metrics}; the shell keeps working throughout.
 */
@Timeout(180)
class EveryServiceRestartsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BootedKernel k;
    private static Reports reports;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void boot() throws Exception {
        var registry = new Registry();
        BlockPort disk = new FaultyBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        registry.put(BlockDevices.class, () -> CompletableFuture.completedFuture(disk));
        registry.put(
                HttpSettings.class,
                new HttpSettings("127.0.0.1", 0, "honk-test-token-every-service"));
        // the board's own list of services, as Main starts them (BootedKernel puts its shell first)
        k =
                BootedKernel.boot(
                        2,
                        registry,
                        Services.ordered().stream()
                                .filter(p -> !(p instanceof honk.actors.shell.ShellServices))
                                .toArray(honk.actors.kernel.ServiceProvider[]::new));
        k.kernel
                .registry()
                .get(HttpEndpoint.class)
                .orElseThrow()
                .firstBinding()
                .toCompletableFuture()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        reports = Reports.subscribe(k.system, WAIT);
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    private static List<String> services() throws Exception {
        Supervisor.Children c =
                AskPattern.ask(
                                k.kernel.services(),
                                Supervisor.GetChildren::new,
                                WAIT,
                                k.system.scheduler())
                        .toCompletableFuture()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return c.children().stream().map(Supervisor.ChildStatus::id).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyServiceIsRestartedByItsSupervisorAndCountedWhereAUserLooks()
            throws Exception {
        List<String> ids = services();
        assertTrue(
                ids.containsAll(
                        List.of("log", "console", "shell", "disk", "kv", "fs", "counters", "http")),
                "the tree lists the services the modules start: " + ids);
        return ids.stream().map(id -> DynamicTest.dynamicTest(id, () -> crashAndCheck(id)));
    }

    private static void crashAndCheck(String id) throws Exception {
        k.tell("fault " + id);
        var crashed = reports.await("system", id, "child_terminated");
        assertEquals("InjectedFaultException: fault injected into " + id, crashed.reason());
        var restarted = reports.await("system", id, "child_restarted");
        assertEquals("restart 1", restarted.reason());
        assertTrue(
                restarted.atMillis() - crashed.atMillis() >= 10,
                "restarted before the smallest backoff (10 ms)");

        k.assertRestartedOnce(id, crashed.reason(), 200);

        JsonNode node = null;
        for (JsonNode s : get("/api/tree").get("children").get(0).get("children")) {
            node = s.get("name").asText().equals(id) ? s : node;
        }
        assertEquals(
                List.of("running", 1),
                List.of(node.get("state").asText(), node.get("restarts").asInt()),
                node.toString());
        assertTrue(text("/metrics").contains("honk_service_restarts{service=\"" + id + "\"} 1\n"));
        assertFalse(
                k.sh("echo still here").isEmpty(), "the shell answers after " + id + " restarted");
    }

    private static String text(String path) throws Exception {
        var endpoint = k.kernel.registry().get(HttpEndpoint.class).orElseThrow();
        Eventually.await(
                "http listens (it rebinds after its own restart)",
                WAIT,
                () -> endpoint.address().isPresent());
        var uri =
                URI.create("http://127.0.0.1:" + endpoint.address().orElseThrow().getPort() + path);
        var r =
                client.send(
                        HttpRequest.newBuilder(uri).timeout(WAIT).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(text(path));
    }
}
