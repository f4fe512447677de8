package honk.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP benchmark behind {@code scripts/bench http}: {@code wrk} against honk's {@code GET
 * /api/procs} on the host board with a number of live processes while {@code stress} runs without
 * pause, and, in the same run and under the same stress, against a plain JDK HTTP server answering
 * the same bytes. The two alternate within each run. Requests per second and p99 latency, medians
 * over the runs; first the same without stress ({@code honk-quiet}, {@code jdk-quiet}), to show
 * what the stress costs.
 */
public final class HttpBench {
    /**
     * What to run.
     *
     * @param procs the idle processes alive during the run (the size of the answer)
     * @param connections wrk's open connections, over {@code threads} wrk threads
     */
    record Settings(double seconds, int runs, int connections, int threads, int procs) {
        static final String USAGE =
                "usage: HttpBench [SECONDS=10] [RUNS=3] [CONNECTIONS=64] [PROCS=1000]";

        static Settings parse(String[] args) {
            if (args.length > 4) {
                throw new IllegalArgumentException(USAGE);
            }
            return new Settings(
                    Arguments.number(args, 0, "SECONDS", 10, 1, 600, USAGE),
                    (int) Arguments.number(args, 1, "RUNS", 3, 1, 100, USAGE),
                    (int) Arguments.number(args, 2, "CONNECTIONS", 64, 1, 10_000, USAGE),
                    2,
                    (int) Arguments.number(args, 3, "PROCS", 1000, 0, 1_000_000, USAGE));
        }
    }

    private HttpBench() {}

    public static void main(String[] args) throws Exception {
        Settings s = Arguments.parseOrExit("http", () -> Settings.parse(args));
        if (!Wrk.installed()) {
            System.err.println("http bench: wrk is missing; install it (apt-get install wrk)");
            System.exit(2);
        }
        Figures figures = run(s, System.out::println);
        System.out.println();
        figures.lines().forEach(System.out::println);
        System.exit(0);
    }

    /**
     * Boots, runs every measurement, says what it does on {@code out}; the figures by {@code SERVER
     * METRIC}.
     */
    static Figures run(Settings s, Consumer<String> out) throws Exception {
        var figures = new Figures();
        try (var honk = HonkHttp.boot(s.procs())) {
            HonkHttp.Captured answer = honk.capture(s.procs());
            out.accept(
                    String.format(
                            Locale.ROOT,
                            "GET /api/procs: %d processes listed, %d bytes (%s)",
                            s.procs(),
                            answer.body().length,
                            answer.contentType()));
            try (var jdk = JdkJsonServer.serve(answer)) {
                Map<String, URI> servers = new LinkedHashMap<>();
                servers.put("honk", honk.procs());
                servers.put("jdk", jdk.procs());
                for (var e : servers.entrySet()) { // warm-up
                    Wrk.run(e.getValue(), s.threads(), s.connections(), Math.min(s.seconds(), 5));
                }
                measure(s, honk, servers, "-quiet", figures, out); // the breakdown: without stress
                honk.startStress();
                measure(s, honk, servers, "", figures, out);
            }
        }
        return figures;
    }

    /**
     * RUNS rounds of wrk against each server in turn; figures under the server's name plus {@code
     * suffix}.
     */
    private static void measure(
            Settings s,
            HonkHttp honk,
            Map<String, URI> servers,
            String suffix,
            Figures figures,
            Consumer<String> out)
            throws Exception {
        for (int run = 1; run <= s.runs(); run++) {
            for (var e : servers.entrySet()) {
                String name = e.getKey() + suffix;
                long before = honk.stressed();
                long t0 = System.nanoTime();
                Wrk.Result r = Wrk.run(e.getValue(), s.threads(), s.connections(), s.seconds());
                double stressRate = (honk.stressed() - before) / ((System.nanoTime() - t0) / 1e9);
                if (r.errors() > 0) {
                    throw new IllegalStateException(name + ": wrk saw errors: " + Wrk.describe(r));
                }
                figures.add(name, "requests_per_s", r.requestsPerSecond());
                figures.add(name, "p99_ms", r.p99Millis());
                figures.add(name, "stress_procs_per_s", stressRate);
                out.accept(
                        String.format(
                                Locale.ROOT,
                                "run %d: %s: %s; stress meanwhile %.0f processes/s",
                                run,
                                name,
                                Wrk.describe(r),
                                stressRate));
            }
        }
    }
}
