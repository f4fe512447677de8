package honk.actors;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The programs compiled into this image, by name: every {@link Program} the {@link ServiceLoader}
 * finds.
 */
public final class ProgramRegistry {
    private final Map<String, Program> byName;

    private ProgramRegistry(Map<String, Program> byName) {
        this.byName = byName;
    }

    public static ProgramRegistry load() {
        return of(
                ServiceLoader.load(Program.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList());
    }

    public static ProgramRegistry of(Collection<? extends Program> programs) {
        var map = new TreeMap<String, Program>();
        for (Program p : programs) {
            if (map.putIfAbsent(p.name(), p) != null) {
                throw new IllegalStateException("two programs are named '" + p.name() + "'");
            }
        }
        return new ProgramRegistry(map);
    }

    public Optional<Program> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All programs, sorted by name. */
    public Collection<Program> all() {
        return byName.values();
    }
}
