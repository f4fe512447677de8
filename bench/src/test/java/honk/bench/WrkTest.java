package honk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** wrk's report, read: throughput, p99 in milliseconds whatever the unit, errors counted. */
class WrkTest {
    private static final String REPORT =
            """
            Running 1s test @ http://127.0.0.1:8080/api/procs
              2 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.31ms    1.02ms  12.40ms   85.11%
                Req/Sec     1.75k   210.33     2.10k    70.00%
              Latency Distribution
                 50%    2.10ms
                 75%    2.60ms
                 90%    3.30ms
                 99%    6.12ms
              3482 requests in 1.00s, 1.52GB read
            Requests/sec:   3478.91
            Transfer/sec:      1.52GB
            """;

    @Test
    void readsRequestsPerSecondP99AndTheRequestCount() {
        Wrk.Result r = Wrk.parse(REPORT);
        assertEquals(3478.91, r.requestsPerSecond(), 1e-9);
        assertEquals(6.12, r.p99Millis(), 1e-9);
        assertEquals(3482, r.requests());
        assertEquals(0, r.errors());
    }

    @Test
    void givesP99InMillisecondsFromMicrosecondsAndSeconds() {
        assertEquals(
                0.85,
                Wrk.parse(REPORT.replace("99%    6.12ms", "99%  850.00us")).p99Millis(),
                1e-9);
        assertEquals(
                1200, Wrk.parse(REPORT.replace("99%    6.12ms", "99%    1.20s")).p99Millis(), 1e-9);
    }

    @Test
    void countsNon2xxAnswersAndSocketErrorsAsErrors() {
        String bad =
                REPORT.replace(
                        "Requests/sec:",
                        "  Socket errors: connect 0, read 3, write 1, timeout 2\n"
                                + "  Non-2xx or 3xx responses: 12\nRequests/sec:");
        assertEquals(18, Wrk.parse(bad).errors());
    }

    @Test
    void aReportWithoutLatencyDistributionIsRefusedSayingWhatIsMissing() {
        String noLatency = REPORT.replaceAll("(?m)^\\s+\\d\\d%.*\\n", "");
        var e = assertThrows(IllegalArgumentException.class, () -> Wrk.parse(noLatency));
        assertTrue(e.getMessage().contains("99% latency"), e.getMessage());
    }
}
