package honk.net.http;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ServiceProvider;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/**
 * The net module's system services, when the board asked for HTTP (an {@link HttpSettings} among
 * its entries): {@code counters} (dead letters and lifecycle counts from boot on) and {@code http}
 * (the server). Both are {@link ServiceProvider#standalone standalone}: restarted in place with an
 * intensity of their own, so that a failure of theirs (a port in use) never panics the kernel.
 * Makes the token.
 */
public final class HttpServices implements ServiceProvider {
    @Override
    public Set<Class<?>> provides() {
        return Set.of(HttpEndpoint.class);
    }

    @Override
    public Set<Class<?>> uses() {
        return Set.of(HttpSettings.class);
    }

    @Override
    public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
        var configured = entries.use(HttpSettings.class);
        if (configured.isEmpty()) {
            return List.of();
        }
        HttpSettings settings = configured.get();
        var endpoint = new HttpEndpoint();
        entries.provide(HttpEndpoint.class, endpoint);
        kernel.readiness().track("http", endpoint.settled());
        var counters = new ServiceHandle<EventCounters.Command>("counters");
        var setup = new HttpSetup(kernel, settings, token(kernel, settings), endpoint, counters);
        return List.of(
                ServiceProvider.standalone(
                                "counters", EventCounters.create(new EventCounters.Tally()))
                        .handle(counters),
                ServiceProvider.standalone("http", HttpService.create(setup)));
    }

    /**
     * The settings' token, else {@code honk.http.token} from the configuration, else a random one.
     */
    static HttpToken token(Kernel kernel, HttpSettings settings) {
        var config = kernel.system().settings().config();
        String configured =
                !settings.token().isEmpty()
                        ? settings.token()
                        : config.hasPath("honk.http.token")
                                ? config.getString("honk.http.token")
                                : "";
        if (!configured.isEmpty()) {
            try {
                return HttpToken.of(configured);
            } catch (IllegalArgumentException e) {
                kernel.console()
                        .println(
                                e.getMessage()
                                        + "; the configured one is not used, a random one is made");
            }
        }
        return HttpToken.random(new SecureRandom());
    }
}
