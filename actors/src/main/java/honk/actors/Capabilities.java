package honk.actors;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The immutable set of capability handles one process holds, by name. */
public final class Capabilities {
    public static final Capabilities NONE = new Capabilities(Map.of());

    private final Map<String, Capability> byName;

    private Capabilities(Map<String, Capability> byName) {
        this.byName = byName;
    }

    public static Capabilities of(Collection<? extends Capability> handles) {
        var map = new TreeMap<String, Capability>();
        for (Capability c : handles) {
            map.put(c.name(), c);
        }
        return new Capabilities(Map.copyOf(map));
    }

    /**
     * The handle of that type, or a {@link CapabilityDeniedException} naming what is missing and
     * how to grant it.
     */
    public <C extends Capability> C get(Class<C> type, String who) {
        for (Capability c : byName.values()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        String name = type.getSimpleName().replace("Capability", "").toLowerCase(Locale.ROOT);
        throw new CapabilityDeniedException(
                who
                        + " was not granted the "
                        + name
                        + " capability (grant it at start: --caps="
                        + name
                        + ")");
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Names, sorted: what {@code ps} shows. */
    public java.util.SortedSet<String> names() {
        return new java.util.TreeSet<>(byName.keySet());
    }

    @Override
    public String toString() {
        return byName.isEmpty() ? "-" : String.join(",", names());
    }
}
