package honk.net.http;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the HTTP service is doing now, for the shell and for tests: the address it serves on, or why
 * it does not. Registered in the kernel's registry by {@link HttpServices}; written by the
 * service's actor. Thread-safe.
 */
public final class HttpEndpoint {
    private final CompletableFuture<InetSocketAddress> firstBinding = new CompletableFuture<>();
    private final CompletableFuture<String> settled = new CompletableFuture<>();
    private volatile InetSocketAddress address;
    private volatile String problem = "";

    /** Completes when the service first listens (it starts after the shell prompt). */
    public CompletionStage<InetSocketAddress> firstBinding() {
        return firstBinding;
    }

    /**
     * The address it listens on now; empty before it binds, while it restarts, or after a failure.
     */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /** Why it does not listen (empty while it does, or before it tried). */
    public String problem() {
        return problem;
    }

    /**
     * Completes when the service first listens, or fails with why it gave up listening (the boot's
     * readiness waits for it).
     */
    public CompletionStage<String> settled() {
        return settled;
    }

    void bound(InetSocketAddress a) {
        address = a;
        problem = "";
        firstBinding.complete(a);
        settled.complete("listening");
    }

    void unbound() {
        address = null;
    }

    void failed(String why) {
        address = null;
        problem = why;
        settled.completeExceptionally(new IllegalStateException(why));
    }
}
