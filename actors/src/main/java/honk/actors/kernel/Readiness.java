package honk.actors.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What must have settled before the system is ready: each service or driver that comes up after the
 * prompt (the kernel modules, the disks, the KV store, the core, HTTP, a device's driver) registers
 * the stage that settles when it is up or has failed for good. {@link #whenReady} closes the list
 * and completes when every stage has settled, with one word per item ({@code kv}, {@code http
 * (failed: port 80 is in use)}). Thread-safe.
 */
public final class Readiness {
    private final Map<String, CompletionStage<?>> items = new LinkedHashMap<>();
    private CompletableFuture<List<String>> ready; // set once closed

    /**
     * Tracks {@code what} until {@code stage} settles; a failure counts as settled (and is named).
     * Items tracked after {@link #whenReady} are not waited for.
     */
    public synchronized void track(String what, CompletionStage<?> stage) {
        if (ready == null) {
            items.put(what, stage);
        }
    }

    /** Completes once every item tracked so far has settled; no item is tracked after this. */
    public synchronized CompletableFuture<List<String>> whenReady() {
        if (ready == null) {
            var outcomes = new ArrayList<CompletableFuture<String>>();
            items.forEach((what, stage) ->
                    outcomes.add(
                            stage.handle((v, e) ->
                                            e == null
                                                    ? what
                                                    : what + " (failed: " + reason(e) + ")")
                                    .toCompletableFuture()));
            ready =
                    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                            .thenApply(
                                    v -> outcomes.stream().map(CompletableFuture::join).toList());
        }
        return ready;
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null
                && (cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
