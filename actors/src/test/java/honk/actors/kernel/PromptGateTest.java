package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The prompt gate between the shell and the console reader. */
@Timeout(60)
class PromptGateTest {

    @Test
    void passBlocksUntilTheShellOpensTheGateAndClosesItBehindTheReader() throws Exception {
        var gate = new PromptGate();
        var passed = new CountDownLatch(2);
        var reader = Thread.ofPlatform().start(() -> {
            try {
                gate.pass();
                passed.countDown();
                gate.pass();
                passed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        gate.open();
        // the reader passes once, then waits at the closed gate again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (passed.getCount() == 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, passed.getCount(), "one open lets exactly one prompt through");
        waitUntilBlocked(reader);
        assertEquals(1, passed.getCount());
        gate.open();
        assertTrue(passed.await(10, TimeUnit.SECONDS));
        reader.join(10_000);
    }

    private static void waitUntilBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, t.getState(), "the reader waits at the closed gate");
    }

    @Test
    void openingAnOpenGateLetsOnlyOnePass() throws Exception {
        var gate = new PromptGate();
        gate.open();
        gate.open();
        gate.pass();
        var second = Thread.ofPlatform().start(() -> {
            try {
                gate.pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waitUntilBlocked(second);
        second.interrupt();
        second.join(10_000);
    }
}
