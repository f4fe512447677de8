package honk.actors.kernel;

import akka.actor.typed.Behavior;

import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.Intensity;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A module's system services, started under the kernel's {@code system} supervisor after the kernel
 * log and console, in the order the composition root lists the providers (a {@link Wiring}). A
 * provider declares the registry entries it {@linkplain #provides provides}, {@linkplain #needs
 * needs} and {@linkplain #uses uses}; the kernel checks the list against them before anything
 * starts and hands each provider its entries through {@link Entries}. A service that may fail for
 * reasons outside the kernel (a disk, a device, a port in use) is declared {@link #standalone}, so
 * that its crashes never spend the system supervisor's intensity and panic the kernel.
 */
public interface ServiceProvider {
    /** The backoff of a standalone service: 200 ms doubling to 10 s. */
    Backoff STANDALONE_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    /**
     * A standalone service's own limit. With {@link #STANDALONE_BACKOFF}, ten restarts take about
     * 50 s of crashing without a pause; past them the service alone is given up on (state failed).
     */
    Intensity STANDALONE_INTENSITY = Intensity.of(10, Duration.ofMinutes(1));

    /** The name the kernel's messages give this provider. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /**
     * The entries this provider may provide, now or {@linkplain Entries#provideLater later}, for
     * the services after it.
     */
    default Set<Class<?>> provides() {
        return Set.of();
    }

    /**
     * The entries it cannot start without: each from the board or a provider before it in the list.
     */
    default Set<Class<?>> needs() {
        return Set.of();
    }

    /**
     * The entries it reads when the board or a provider before it has them, and does without
     * otherwise. It may use an entry it also provides: the board's, if the board has one.
     */
    default Set<Class<?>> uses() {
        return Set.of();
    }

    /**
     * The children to start, in order. Takes the entries it declared it needs and uses from {@code
     * entries}, and provides its own there; never through {@link Kernel#registry()}.
     */
    List<ChildSpec<?>> services(Kernel kernel, Entries entries);

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
