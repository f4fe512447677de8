package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

/** Child specs are validated eagerly and name the child and the problem. */
@Timeout(60)
class ChildSpecTest {
    private static final Behavior<String> IGNORE = Behaviors.ignore();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Shell",
                "1st",
                "-log",
                "has space",
                "under_score",
                "a23456789012345678901234567890123"
            })
    void badChildIdIsRejectedNamingTheId(String id) {
        var e = assertThrows(InvalidChildSpecException.class, () -> ChildSpec.worker(id, IGNORE));
        assertTrue(e.getMessage().startsWith(id + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("[a-z0-9-]"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "log", "blk0", "net-rx-2", "a2345678901234567890123456789012"})
    void wellFormedChildIdsAreAccepted(String id) {
        assertEquals(id, ChildSpec.worker(id, IGNORE).id());
    }

    @Test
    void missingPartsAreRejected() {
        assertThrows(NullPointerException.class, () -> ChildSpec.worker(null, IGNORE));
        assertThrows(NullPointerException.class, () -> ChildSpec.worker("a", null));
        assertThrows(NullPointerException.class, () -> ChildSpec.worker("a", IGNORE).restart(null));
        assertThrows(NullPointerException.class, () -> ChildSpec.worker("a", IGNORE).backoff(null));
    }

    @Test
    void workerDefaultsToPermanentWithDefaultBackoffAndWithersCopy() {
        var base = ChildSpec.worker("a", IGNORE);
        assertEquals(Restart.PERMANENT, base.restart());
        assertEquals(Backoff.DEFAULT, base.backoff());
        var handle = new ServiceHandle<String>("a");
        var b = new Backoff(Duration.ZERO, Duration.ZERO, 0);
        var spec = base.restart(Restart.TEMPORARY).backoff(b).handle(handle);
        assertEquals(Restart.TEMPORARY, spec.restart());
        assertEquals(b, spec.backoff());
        assertSame(handle, spec.handle());
        assertEquals(Restart.PERMANENT, base.restart(), "withers do not change the original");
    }

    @Test
    void duplicateChildIdsAreRejectedWhenTheSupervisorIsCreated() {
        List<ChildSpec<?>> children =
                List.of(
                        ChildSpec.worker("log", IGNORE),
                        ChildSpec.worker("shell", IGNORE),
                        ChildSpec.worker("log", IGNORE));
        var e =
                assertThrows(
                        InvalidChildSpecException.class,
                        () ->
                                Supervisor.create(
                                        "system",
                                        Strategy.ONE_FOR_ONE,
                                        Intensity.DEFAULT,
                                        children));
        assertEquals("system: child id 'log' is used twice", e.getMessage());
    }
}
