package honk.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The HTTP benchmark's workload, run tiny so that it cannot rot: honk's answer and the baseline's
 * are the same bytes, and a whole run through wrk measures both servers under stress. The wrk run
 * is skipped, and says so, where wrk is not installed. No timing is asserted.
 */
@Timeout(300)
class HttpBenchTest {
    @Test
    void theBaselineServesExactlyTheBytesHonkAnswered() throws Exception {
        try (var honk = HonkHttp.boot(50)) {
            HonkHttp.Captured answer = honk.capture(50);
            assertTrue(
                    new String(answer.body()).startsWith("{\"count\":5"),
                    new String(answer.body(), 0, 40));
            try (var jdk = JdkJsonServer.serve(answer);
                    var client = HttpClient.newHttpClient()) {
                var r =
                        client.send(
                                HttpRequest.newBuilder(jdk.procs()).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode());
                assertArrayEquals(answer.body(), r.body());
                assertEquals(
                        answer.contentType(), r.headers().firstValue("Content-Type").orElseThrow());
            }
        }
    }

    @Test
    void aTinyRunMeasuresBothServersWhileStressRuns() throws Exception {
        assumeTrue(Wrk.installed(), "no wrk installed (apt-get install wrk)");
        Figures f = HttpBench.run(new HttpBench.Settings(2, 1, 4, 1, 20), line -> {});
        for (String server :
                List.of("honk", "jdk")) { // a wrk error or a non-2xx answer would have thrown
            assertEquals(1, f.get(server, "requests_per_s").size(), server);
            assertTrue(f.get(server, "requests_per_s").getFirst() >= 0, server);
            assertTrue(f.get(server, "p99_ms").getFirst() >= 0, server);
            assertTrue(
                    f.get(server, "stress_procs_per_s").getFirst() > 0,
                    server + ": stress ran meanwhile");
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> HttpBench.Settings.parse(new String[] {"10", "3", "-1"}));
        assertEquals("CONNECTIONS must be within 1..10000, not -1", e.getMessage());
        assertFalse(HttpBench.Settings.parse(new String[] {}).procs() != 1000);
    }
}
