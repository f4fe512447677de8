package honk.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (Debian's package) with {@code --latency} and reads its report: requests per
 * second, the 99th-percentile latency, and any errors (non-2xx answers, socket errors).
 */
final class Wrk {
    private static final Pattern RPS =
            Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern P99 =
            Pattern.compile("^\\s+99(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile(
                    "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern REQUESTS =
            Pattern.compile("^\\s+(\\d+) requests in", Pattern.MULTILINE);

    private Wrk() {}

    /** One wrk run's figures; {@code errors} counts non-2xx answers and socket errors. */
    record Result(double requestsPerSecond, double p99Millis, long requests, long errors) {}

    /** Whether a {@code wrk} binary is on the PATH. */
    static boolean installed() {
        try {
            return new ProcessBuilder("wrk", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    >= 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code wrk -t THREADS -c CONNECTIONS -d SECONDS --latency URI}, parsed. */
    static Result run(URI uri, int threads, int connections, double seconds)
            throws IOException, InterruptedException {
        var cmd =
                List.of(
                        "wrk",
                        "-t" + threads,
                        "-c" + connections,
                        "-d" + Math.max(1, Math.round(seconds)) + "s",
                        "--timeout",
                        "10s",
                        "--latency",
                        uri.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return parse(out);
    }

    /** The figures in wrk's report; an {@link IllegalArgumentException} when it lacks one. */
    static Result parse(String report) {
        double rps = Double.parseDouble(find(RPS, report, "Requests/sec").group(1));
        Matcher p99 = find(P99, report, "the 99% latency (was --latency given?)");
        double millis =
                Double.parseDouble(p99.group(1))
                        * switch (p99.group(2)) {
                            case "us" -> 1e-3;
                            case "ms" -> 1;
                            case "s" -> 1e3;
                            default -> 60e3;
                        };
        long requests = Long.parseLong(find(REQUESTS, report, "the request count").group(1));
        long errors = 0;
        Matcher m = NON_2XX.matcher(report);
        if (m.find()) {
            errors += Long.parseLong(m.group(1));
        }
        m = SOCKET.matcher(report);
        if (m.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(m.group(g));
            }
        }
        return new Result(rps, millis, requests, errors);
    }

    private static Matcher find(Pattern p, String report, String what) {
        Matcher m = p.matcher(report);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "wrk's report has no "
                            + what
                            + ": "
                            + report.strip()
                                    .lines()
                                    .limit(3)
                                    .reduce((a, b) -> a + " | " + b)
                                    .orElse("(empty)"));
        }
        return m;
    }

    static String describe(Result r) {
        return String.format(
                Locale.ROOT,
                "%.0f req/s, p99 %.2f ms, %d requests, %d errors",
                r.requestsPerSecond(),
                r.p99Millis(),
                r.requests(),
                r.errors());
    }
}
