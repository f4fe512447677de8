package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

class ReadinessTest {
    @Test
    void readyOnceEveryItemHasSettledUpOrFailedInTheOrderTracked() {
        var r = new Readiness();
        var kv = new CompletableFuture<Void>();
        var http = new CompletableFuture<String>();
        r.track("kv", kv);
        r.track("http", http);
        var ready = r.whenReady();
        assertFalse(ready.isDone());
        http.completeExceptionally(
                new CompletionException(new IllegalStateException("port 80 is in use")));
        assertFalse(ready.isDone(), "kv has not settled");
        kv.complete(null);
        assertEquals(List.of("kv", "http (failed: port 80 is in use)"), ready.join());
    }

    @Test
    void nothingTrackedIsReadyAtOnceAndLateItemsAreNotWaitedFor() {
        var r = new Readiness();
        var ready = r.whenReady();
        r.track("late", new CompletableFuture<>());
        assertTrue(ready.isDone());
        assertEquals(List.of(), ready.join());
        assertTrue(r.whenReady() == ready, "one answer");
    }
}
