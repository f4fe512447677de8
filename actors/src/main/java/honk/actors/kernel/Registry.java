package honk.actors.kernel;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the composition root and the modules hand each other through the kernel, keyed by type:
 * the board puts its block devices here, the storage module finds them and puts its KV service
 * here, the shell commands of that module find it. Keeps the module arrows one way (a module
 * reads only types it can see). Thread-safe.
 */
public final class Registry {
    private final ConcurrentHashMap<Class<?>, Object> entries = new ConcurrentHashMap<>();

    /** Registers {@code value} under {@code type}, replacing what was there. */
    public <T> void put(Class<T> type, T value) {
        entries.put(type, type.cast(value));
    }

    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(entries.get(type)));
    }
}
