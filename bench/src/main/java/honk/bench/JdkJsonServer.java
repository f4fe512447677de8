package honk.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP benchmark's baseline: the JDK's plain {@code com.sun.net.httpserver.HttpServer} on a
 * free loopback port, answering {@code GET /api/procs} with fixed bytes (honk's own answer,
 * captured) on a pool of one thread per core. No routing, no process table, no JSON encoding: what
 * is left is the cost of HTTP and of moving the bytes.
 */
final class JdkJsonServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;

    private JdkJsonServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    static JdkJsonServer serve(HonkHttp.Captured answer) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext(
                "/api/procs",
                exchange -> {
                    try (exchange) {
                        if (!exchange.getRequestMethod().equals("GET")) {
                            exchange.sendResponseHeaders(405, -1);
                            return;
                        }
                        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                        exchange.sendResponseHeaders(200, answer.body().length);
                        exchange.getResponseBody().write(answer.body());
                    }
                });
        var pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        server.setExecutor(pool);
        server.start();
        return new JdkJsonServer(server, pool);
    }

    URI procs() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/procs");
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
