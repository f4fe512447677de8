package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The prompt gate between the shell and the console reader. */
@Timeout(60)
class PromptGateTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void passBlocksUntilTheShellOpensTheGateAndClosesItBehindTheReader() throws Exception {
        var gate = new PromptGate();
        var passed = new CountDownLatch(2);
        var reader =
                Thread.ofPlatform()
                        .start(() -> {
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
        Eventually.await("the reader passes the open gate", WAIT, () -> passed.getCount() < 2);
        assertEquals(1, passed.getCount(), "one open lets exactly one prompt through");
        waitUntilBlocked(reader);
        assertEquals(1, passed.getCount());
        gate.open();
        assertTrue(passed.await(10, TimeUnit.SECONDS));
        reader.join(10_000);
    }

    private static void waitUntilBlocked(Thread t) {
        Eventually.await(
                "the reader waits at the closed gate",
                WAIT,
                t::getState,
                s -> s == Thread.State.WAITING);
    }

    @Test
    void openingAnOpenGateLetsOnlyOnePass() throws Exception {
        var gate = new PromptGate();
        gate.open();
        gate.open();
        gate.pass();
        var second =
                Thread.ofPlatform()
                        .start(() -> {
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
