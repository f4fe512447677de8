package honk.net.http;

import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ServiceProvider;
import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The net module's system services, when the board asked for HTTP (an {@link HttpSettings} in the
 * kernel's registry): {@code counters} (dead letters and lifecycle counts from boot on) and
 * {@code http} (the server). Both restart themselves with backoff, so that a failure of theirs
 * never reaches the system supervisor's intensity and never panics the kernel. Makes the token.
 */
public final class HttpServices implements ServiceProvider {
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    @Override
    public List<ChildSpec<?>> services(Kernel kernel) {
        var configured = kernel.registry().get(HttpSettings.class);
        if (configured.isEmpty()) {
            return List.of();
        }
        HttpSettings settings = configured.get();
        var endpoint = new HttpEndpoint();
        kernel.registry().put(HttpEndpoint.class, endpoint);
        var counters = new ServiceHandle<EventCounters.Command>("counters");
        var setup = new HttpSetup(kernel, settings, token(kernel, settings), endpoint, counters);
        return List.of(
                ChildSpec.worker("counters", selfRestarting(EventCounters.create())).backoff(BACKOFF).handle(counters),
                ChildSpec.worker("http", selfRestarting(HttpService.create(setup))).backoff(BACKOFF));
    }

    private static <T> Behavior<T> selfRestarting(Behavior<T> behavior) {
        return Behaviors.supervise(behavior).onFailure(SupervisorStrategy.restartWithBackoff(
                BACKOFF.min(), BACKOFF.max(), BACKOFF.jitter()));
    }

    /** The settings' token, else {@code honk.http.token} from the configuration, else a random one. */
    static HttpToken token(Kernel kernel, HttpSettings settings) {
        var config = kernel.system().settings().config();
        String configured = !settings.token().isEmpty() ? settings.token()
                : config.hasPath("honk.http.token") ? config.getString("honk.http.token") : "";
        if (!configured.isEmpty()) {
            try {
                return HttpToken.of(configured);
            } catch (IllegalArgumentException e) {
                kernel.console().println(e.getMessage() + "; the configured one is not used, a random one is made");
            }
        }
        return HttpToken.random(new SecureRandom());
    }
}
