package honk.net.http;

import java.util.Objects;

/**
 * Where the HTTP inspection service listens, put in the kernel's {@link
 * honk.actors.kernel.Registry} by the composition root; without it the net module starts no HTTP
 * service. Pure data.
 *
 * @param host the address to bind: {@code 127.0.0.1} on the host board
 * @param port the TCP port; 0 picks a free one (tests)
 * @param token the bearer token for mutating requests; empty: {@code honk.http.token} from the
 *     configuration, else a random one made at boot
 */
public record HttpSettings(String host, int port, String token) {
    /** The host board's default port. */
    public static final int DEFAULT_PORT = 8080;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        if (host.isBlank()) {
            throw new IllegalArgumentException("http: the address to listen on is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http: port " + port + " is not within 0..65535");
        }
    }

    /** Loopback only, as on the host board, with a token made at boot. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings("127.0.0.1", port, "");
    }

    public HttpSettings withToken(String t) {
        return new HttpSettings(host, port, t);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "HttpSettings[" + host + ":" + port + (token.isEmpty() ? "" : ", token set") + "]";
    }
}
