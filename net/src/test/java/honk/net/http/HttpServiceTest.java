package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;

/** The service's own life: a port in use, a crash of the service, a board without HTTP. */
@Timeout(120)
class HttpServiceTest {
    @Test
    void aPortInUseIsReportedOnceAndTheServiceStaysUpWithoutCrashLooping() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            var registry = new Registry();
            registry.put(
                    HttpSettings.class, new HttpSettings("127.0.0.1", port, HttpFixture.TOKEN));
            try (var booted = BootedKernel.boot(1, registry, new HttpServices())) {
                String line =
                        booted.console.awaitLine(
                                l -> l.startsWith("http: cannot"), HttpFixture.WAIT);
                assertEquals(
                        "http: cannot listen on 127.0.0.1:"
                                + port
                                + ": the address is in use"
                                + " (pick another port: scripts/run --host --http-port PORT)",
                        line);
                var endpoint = booted.kernel.registry().get(HttpEndpoint.class).orElseThrow();
                assertTrue(endpoint.address().isEmpty());
                assertEquals(line.substring("http: ".length()), endpoint.problem());
                var tree = String.join("\n", booted.sh("tree"));
                assertTrue(tree.contains("http     running    restarts=0"), tree);
                assertEquals(
                        1,
                        booted.console.lines().stream()
                                .filter(l -> l.startsWith("http: cannot"))
                                .count());
                assertTrue(booted.panic.get() == null, "the kernel did not panic");
            }
        }
    }

    @Test
    void afterACrashTheServiceServesAgainAndDoesNotPrintTheTokenTwice() throws Exception {
        try (var http = HttpFixture.boot()) {
            assertEquals(200, http.get("/api/system").status());
            int mark = http.booted.console.size();
            var out = http.booted.sh("fault http");
            assertTrue( // the restarted service may print its address before the shell's answer
                    out.stream()
                            .anyMatch(l -> l.startsWith("fault: http crashed and was restarted")),
                    out.toString());
            http.booted.console.awaitLine(
                    mark, l -> l.startsWith("http: serving on"), HttpFixture.WAIT);
            Eventually.await(
                    "the restarted service listens",
                    HttpFixture.WAIT,
                    () -> http.endpoint.address().isPresent());
            assertEquals(200, http.get("/api/system").status());
            assertEquals(
                    1,
                    http.booted.console.lines().stream()
                            .filter(l -> l.startsWith("http: token"))
                            .count());
            assertEquals(
                    2,
                    http.booted.console.lines().stream()
                            .filter(l -> l.startsWith("http: serving on"))
                            .count());
        }
    }

    @Test
    void withoutHttpSettingsTheModuleStartsNoService() throws Exception {
        try (var booted = BootedKernel.boot(1, new Registry(), new HttpServices())) {
            assertTrue(booted.kernel.registry().get(HttpEndpoint.class).isEmpty());
            assertEquals("services: log console shell", booted.sh("fault").getFirst());
        }
    }
}
