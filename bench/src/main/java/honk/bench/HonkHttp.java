package honk.bench;

import akka.actor.typed.ActorSystem;

import honk.actors.ProgramRegistry;
import honk.actors.SpawnSpec;
import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.Registry;
import honk.actors.shell.StressRun;
import honk.board.Boot;
import honk.board.Services;
import honk.board.host.HostBoard;
import honk.net.http.HttpEndpoint;
import honk.net.http.HttpSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real kernel on the host board, in this JVM, serving the HTTP inspection service on a free
 * loopback port, with a number of idle processes alive and, on demand, {@code stress} running
 * without pause (runs of 200 short-lived processes, one after another). The console is discarded.
 */
final class HonkHttp implements AutoCloseable {
    private static final int STRESS_BATCH = 200;
    private static final ConsolePort SILENT =
            new ConsolePort() {
                public void println(String text) {}

                public String readLine(String prompt) {
                    return null;
                }

                public boolean interactive() {
                    return false;
                }
            };

    private final Kernel kernel;
    private final URI procs;
    private final AtomicBoolean stressing = new AtomicBoolean();
    private final AtomicLong stressed = new AtomicLong();
    private Thread stress;

    private HonkHttp(Kernel kernel, URI procs) {
        this.kernel = kernel;
        this.procs = procs;
    }

    /** Boots the kernel with HTTP and starts {@code idle} idle processes. */
    static HonkHttp boot(int idle) throws Exception {
        var board = new HostBoard();
        var registry = new Registry();
        registry.put(HttpSettings.class, new HttpSettings("127.0.0.1", 0, ""));
        var ready = new CompletableFuture<Kernel>();
        ActorSystem.create(
                Init.create(
                        board,
                        SILENT,
                        ProgramRegistry.load(),
                        registry,
                        Services.ordered(),
                        ready,
                        t -> {}),
                "honk",
                Boot.config(board.harts()));
        Kernel kernel = ready.get(60, TimeUnit.SECONDS);
        kernel.bootComplete();
        var endpoint = kernel.registry().get(HttpEndpoint.class).orElseThrow();
        int port =
                endpoint.firstBinding().toCompletableFuture().get(60, TimeUnit.SECONDS).getPort();
        var program =
                kernel.programs()
                        .find("idle")
                        .orElseThrow(() -> new IllegalStateException("no 'idle' program"));
        for (int i = 0; i < idle; i++) {
            kernel.table().spawn(SpawnSpec.of(program, List.of()));
        }
        return new HonkHttp(kernel, URI.create("http://127.0.0.1:" + port + "/api/procs"));
    }

    /** The address of {@code GET /api/procs}. */
    URI procs() {
        return procs;
    }

    /**
     * One answer of {@code GET /api/procs}: its body and content type, once it lists at least
     * {@code live} processes.
     */
    Captured capture(int live) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                var r =
                        client.send(
                                HttpRequest.newBuilder(procs).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                if (r.statusCode() == 200 && count(body) >= live) {
                    return new Captured(
                            r.body(),
                            r.headers().firstValue("Content-Type").orElse("application/json"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "GET "
                                    + procs
                                    + " never listed "
                                    + live
                                    + " processes: "
                                    + r.statusCode()
                                    + " "
                                    + body.substring(0, Math.min(200, body.length())));
                }
                Thread.sleep(50);
            }
        }
    }

    /** A response body and its content type. */
    record Captured(byte[] body, String contentType) {}

    private static int count(String body) {
        var m = java.util.regex.Pattern.compile("^\\{\"count\":(\\d+)").matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Starts {@code stress} in a loop until {@link #stopStress}. */
    void startStress() {
        stressing.set(true);
        stress =
                Thread.ofPlatform()
                        .name("stress-loop")
                        .start(() -> {
                            while (stressing.get()) {
                                try {
                                    StressRun.spawn(kernel.board(), kernel.table(), STRESS_BATCH)
                                            .get(60, TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    throw new IllegalStateException(
                                            "a stress run did not finish: " + e, e);
                                }
                                stressed.addAndGet(STRESS_BATCH);
                            }
                        });
    }

    /** Short-lived processes the stress loop has run so far. */
    long stressed() {
        return stressed.get();
    }

    void stopStress() throws InterruptedException {
        stressing.set(false);
        if (stress != null) {
            stress.join();
        }
    }

    @Override
    public void close() throws Exception {
        stopStress();
        kernel.system().terminate();
        kernel.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
