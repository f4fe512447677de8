package honk.net.http;

import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The Akka HTTP server behind {@link HttpService}: binds the routes on the configured address. The
 * first class of the service to name Akka HTTP, loaded when the server starts (after the shell
 * prompt), never at boot.
 */
final class AkkaHttpServer implements RunningServer {
    /** How long open connections (event streams) get to finish when the server stops. */
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(1);

    private final ServerBinding binding;

    private AkkaHttpServer(ServerBinding binding) {
        this.binding = binding;
    }

    static CompletionStage<RunningServer> start(HttpSetup setup) {
        var routes = new HttpRoutes(setup).route();
        return Http.get(setup.kernel().system())
                .newServerAt(setup.settings().host(), setup.settings().port())
                .bind(routes)
                .thenApply(AkkaHttpServer::new);
    }

    @Override
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    @Override
    public void stop() {
        binding.terminate(CLOSE_DEADLINE);
    }
}
