package honk.actors.kernel;

import java.util.Optional;

/**
 * The registry read-only: what the kernel's own code and the shell's commands see of the entries
 * the board and the services provided. Thread-safe.
 */
public interface RegistryView {
    /** The entry registered under {@code type}, or empty if there is none (yet). */
    <T> Optional<T> get(Class<T> type);
}
