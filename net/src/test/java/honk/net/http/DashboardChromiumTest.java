package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/**
 * The dashboard in a real browser (headless Chromium): it shows the live processes, tree and
 * events, and its spawn form and kill button work once the token is pasted, not before. Skipped
 * where no Chromium is installed.
 */
@Timeout(120)
class DashboardChromiumTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROCS = "document.getElementById('procs').textContent";

    @Test
    void theDashboardShowsTheLiveSystemAndSpawnsAndKillsWithTheToken() throws Exception {
        var binary = Chromium.find();
        assumeTrue(binary.isPresent(), "no chromium installed (apt-get install chromium)");
        try (var http = HttpFixture.boot();
                var browser = Chromium.start(binary.get())) {
            long ticker = http.spawn("{\"program\": \"ticker\", \"args\": [\"60000\"]}");
            browser.navigate(http.uri("/").toString());
            browser.awaitEval(PROCS, ticker + "ticker", WAIT);
            browser.awaitEval(
                    "document.getElementById('tree').textContent", "shard-0 [shard]", WAIT);
            browser.awaitEval(
                    "document.getElementById('events').textContent",
                    "pid " + ticker + " ticker spawned",
                    WAIT);
            browser.awaitEval(
                    "document.getElementById('system').textContent", "board fake, 2 harts", WAIT);

            browser.eval(
                    "document.getElementById('program').value = 'idle';"
                            + "document.getElementById('spawn').requestSubmit(); 'sent'");
            browser.awaitEval(
                    "document.getElementById('status').textContent", "paste the token first", WAIT);

            browser.eval(
                    "var t = document.getElementById('token'); t.value = '"
                            + HttpFixture.TOKEN
                            + "';t.dispatchEvent(new Event('change'));"
                            + " document.getElementById('spawn').requestSubmit(); 'sent'");
            String status =
                    browser.awaitEval(
                            "document.getElementById('status').textContent", "spawned pid", WAIT);
            long idle = Long.parseLong(status.replaceAll("\\D+", ""));
            assertEquals("running", http.get("/api/procs/" + idle).json().get("state").asText());

            browser.awaitEval(PROCS, idle + "idle", WAIT);
            browser.eval(
                    "[...document.querySelectorAll('#procs tr')].find(r => r.firstChild.textContent"
                            + " === '"
                            + idle
                            + "').querySelector('button:last-of-type').click(); 'clicked'");
            http.awaitJson("/api/procs/" + idle, p -> p.get("state").asText().equals("killed"));
            assertTrue(browser.awaitEval(PROCS, "killed", WAIT).contains("killed"));
        }
    }
}
