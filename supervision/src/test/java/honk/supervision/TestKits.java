package honk.supervision;

import akka.actor.testkit.typed.javadsl.ActorTestKit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The test kits of the supervision tests: quiet logging, no application-test.conf needed. */
final class TestKits {
    static final String QUIET =
            """
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """;

    private TestKits() {}

    /** A kit on {@link #QUIET} over {@code extra}. */
    static ActorTestKit quiet(Config extra) {
        org.slf4j.LoggerFactory
                .getILoggerFactory(); // initialise logging before Akka's threads log concurrently
        return ActorTestKit.create(ConfigFactory.parseString(QUIET).withFallback(extra));
    }

    static ActorTestKit quiet() {
        return quiet(ConfigFactory.empty());
    }
}
