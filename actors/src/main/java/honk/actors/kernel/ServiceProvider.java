package honk.actors.kernel;

import akka.actor.typed.Behavior;
import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.Intensity;
import java.time.Duration;
import java.util.List;

/**
 * A module's system services, found with {@link java.util.ServiceLoader} and started under the
 * kernel's {@code system} supervisor after the kernel log, console and shell. A provider may
 * register what its shell commands need in {@link Kernel#registry()}. A service that may fail
 * for reasons outside the kernel (a disk, a device, a port in use) is declared {@link #standalone},
 * so that its crashes never spend the system supervisor's intensity and panic the kernel.
 */
public interface ServiceProvider {
    /** The backoff of a standalone service: 200 ms doubling to 10 s. */
    Backoff STANDALONE_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    /**
     * A standalone service's own limit. With {@link #STANDALONE_BACKOFF}, ten restarts take about
     * 50 s of crashing without a pause; past them the service alone is given up on (state failed).
     */
    Intensity STANDALONE_INTENSITY = Intensity.of(10, Duration.ofMinutes(1));

    List<ChildSpec<?>> services(Kernel kernel);

    /**
     * A service that may fail for reasons outside the kernel: restarted in place by the system
     * supervisor (its address and mailbox outlive a crash), with {@link #STANDALONE_BACKOFF} and an
     * intensity of its own, {@link #STANDALONE_INTENSITY}.
     */
    static <T> ChildSpec<T> standalone(String id, Behavior<T> behavior) {
        return ChildSpec.worker(id, behavior)
                .restartedInPlace()
                .backoff(STANDALONE_BACKOFF)
                .ownIntensity(STANDALONE_INTENSITY);
    }
}
