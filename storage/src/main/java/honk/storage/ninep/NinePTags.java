package honk.storage.ninep;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The exchanges of one 9P session: a tag for each message in flight, the message sent under it, and
 * the reply opened and checked against it. A caller takes a tag ({@link #take} or, while it holds
 * others, {@link #tryTake}), {@link #send}s, and {@link #finish}es, which gives the tag back. A tag
 * whose reply timed out is never given out again on this channel: the reply may still come.
 * Thread-safe.
 */
final class NinePTags {
    /** Exchanges in flight at once; more callers wait for a free tag. */
    static final int TAGS = 64;

    private final NinePTransport transport;
    private final int msize;
    private final Duration timeout;
    // shared between calling threads: each structure is thread-safe on its own
    private final Semaphore permits = new Semaphore(TAGS);
    private final ConcurrentLinkedQueue<Integer> free = new ConcurrentLinkedQueue<>();

    NinePTags(NinePTransport transport, int msize, Duration timeout) {
        this.transport = transport;
        this.msize = msize;
        this.timeout = timeout;
        for (int t = 0; t < TAGS; t++) {
            free.add(t);
        }
    }

    /** An exchange in flight; its tag is the caller's until {@link #finish}. */
    record Exchange(int type, int tag, CompletionStage<ByteBuffer> reply) {}

    /** Sends one T-message of {@code type} built by {@code body} and opens its reply. */
    NinePDecoder rpc(int type, Consumer<NinePEncoder> body) throws IOException {
        take();
        return finish(send(type, body));
    }

    /** Takes a tag, waiting for one to be free. */
    void take() throws InterruptedIOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a 9P tag");
        }
    }

    /** Takes a tag if one is free now. */
    boolean tryTake() {
        return permits.tryAcquire();
    }

    /** Tags free now: {@link #TAGS} whenever no exchange is in flight (and none timed out). */
    int free() {
        return permits.availablePermits();
    }

    /** Sends a T-message under a tag the caller has taken. */
    Exchange send(int type, Consumer<NinePEncoder> body) {
        int tag = free.remove();
        try {
            var e = new NinePEncoder(type, tag, msize);
            body.accept(e);
            return new Exchange(type, tag, transport.exchange(e.finish()));
        } catch (RuntimeException e) {
            free.add(tag);
            permits.release();
            throw e;
        }
    }

    /** Waits for the reply to {@code x}, gives its tag back, and opens the reply. */
    NinePDecoder finish(Exchange x) throws IOException {
        boolean reusable = true;
        try {
            return NinePDecoder.open(
                    await(x.reply(), NinePWire.name(x.type()), timeout), x.type() + 1, x.tag());
        } catch (TimeoutIOException e) {
            reusable = false;
            throw e;
        } finally {
            if (reusable) {
                free.add(x.tag());
                permits.release();
            }
        }
    }

    private static final class TimeoutIOException extends IOException {
        TimeoutIOException(String message) {
            super(message);
        }
    }

    /** The reply, within {@code timeout}; a failed transport's IOException as it is. */
    static ByteBuffer await(CompletionStage<ByteBuffer> reply, String what, Duration timeout)
            throws IOException {
        try {
            return reply.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the reply to " + what);
        } catch (TimeoutException e) {
            throw new TimeoutIOException(
                    "9P: no reply to " + what + " in " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io
                    ? io
                    : new IOException("9P transport failed on " + what + ": " + c, c);
        }
    }
}
