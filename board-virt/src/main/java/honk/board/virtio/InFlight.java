package honk.board.virtio;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;

/**
 * The requests a driver has accepted and not yet answered, kept outside the driver actor so that
 * they outlive a crash: the next incarnation, which resets the device, first fails each of them
 * (the reset device has forgotten them). Touched only by the driver actor, whose incarnations
 * follow one another and never overlap.
 */
public final class InFlight {
    private final LinkedHashSet<CompletableFuture<?>> open = new LinkedHashSet<>();

    public <T> CompletableFuture<T> track(CompletableFuture<T> request) {
        open.add(request);
        return request;
    }

    public void done(CompletableFuture<?> request) {
        open.remove(request);
    }

    /** Fails every open request with {@code reason}; returns how many there were. */
    public int failAll(String reason) {
        int n = open.size();
        for (var f : open) {
            f.completeExceptionally(new IOException(reason));
        }
        open.clear();
        return n;
    }

    public int size() {
        return open.size();
    }
}
