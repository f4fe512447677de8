package honk.actors.kernel;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the composition root and the modules hand each other through the kernel, keyed by type: the
 * board puts its block devices here before the kernel starts; each service then provides its
 * entries through the {@link Wiring}, which puts them here too, so that the shell's commands find
 * them. Keeps the module arrows one way (a module reads only types it can see). Thread-safe.
 */
public final class Registry implements RegistryView {
    private final ConcurrentHashMap<Class<?>, Object> entries = new ConcurrentHashMap<>();

    /** Registers {@code value} under {@code type}, replacing what was there. */
    public <T> void put(Class<T> type, T value) {
        entries.put(type, type.cast(value));
    }

    @Override
    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(entries.get(type)));
    }

    /** The types registered now. */
    public Set<Class<?>> types() {
        return Set.copyOf(entries.keySet());
    }
}
