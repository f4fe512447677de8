package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/** A stash that outlives a restart in place, and never crosses to another actor. */
@Timeout(60)
class KeptStashTest {
    private static final ActorTestKit testKit = TestKits.quiet();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Stashes words until "open", then says each; "boom" crashes it as it is taken. */
    private static Behavior<String> gate(ActorRef<String> said) {
        return KeptStash.withStash(
                100,
                stash -> {
                    Behavior<String> open =
                            Behaviors.receiveMessage(w -> {
                                if (w.equals("boom")) {
                                    throw new IllegalStateException("boom taken");
                                }
                                said.tell(w);
                                return Behaviors.same();
                            });
                    return Behaviors.receiveMessage(w -> {
                        if (w.equals("open")) {
                            return stash.unstashAll(open);
                        }
                        stash.stash(w);
                        return Behaviors.same();
                    });
                });
    }

    @Test
    void wordsNotYetTakenWhenTheActorCrashedWaitForItsNextIncarnation() {
        TestProbe<String> said = testKit.createTestProbe();
        var backoff = new Backoff(Duration.ZERO, Duration.ZERO, 0);
        var h = new ServiceHandle<String>("gate");
        List<ChildSpec<?>> specs =
                List.of(
                        ChildSpec.worker("gate", gate(said.ref()))
                                .backoff(backoff)
                                .restartedInPlace()
                                .handle(h));
        var sup =
                testKit.spawn(
                        Supervisor.create("kept", Strategy.ONE_FOR_ONE, Intensity.DEFAULT, specs));
        for (String w : List.of("one", "boom", "two", "three")) {
            h.tell(w);
        }
        h.tell("open");
        assertEquals("one", said.receiveMessage(WAIT));
        said.expectNoMessage(
                Duration.ofMillis(200)); // crashed on boom: two and three wait in the kept stash
        h.tell("open");
        assertEquals(
                List.of("two", "three"),
                List.of(said.receiveMessage(WAIT), said.receiveMessage(WAIT)));
        testKit.stop(sup);
    }

    @Test
    void aNewActorStartsWithAStashOfItsOwn() {
        TestProbe<String> said = testKit.createTestProbe();
        Behavior<String> shared = gate(said.ref()); // one behavior value spawned twice: two actors
        var first = testKit.spawn(shared);
        var second = testKit.spawn(shared);
        first.tell("for the first");
        second.tell("open");
        said.expectNoMessage(Duration.ofMillis(200));
        first.tell("open");
        assertEquals("for the first", said.receiveMessage(WAIT));
    }
}
