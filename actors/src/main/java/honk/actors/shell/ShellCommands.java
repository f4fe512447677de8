package honk.actors.shell;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Every command the modules on the class path contribute, by name. Loaded once. */
public final class ShellCommands {
    private static volatile ShellCommands loaded;

    private final Map<String, ShellCommand> byName;

    private ShellCommands(Map<String, ShellCommand> byName) {
        this.byName = byName;
    }

    public static ShellCommands loaded() {
        ShellCommands c = loaded;
        if (c == null) {
            var map = new TreeMap<String, ShellCommand>();
            for (var provider : ServiceLoader.load(ShellCommandProvider.class)) {
                for (ShellCommand cmd : provider.commands()) {
                    if (map.putIfAbsent(cmd.name(), cmd) != null) {
                        throw new IllegalStateException(
                                "two shell commands are named '" + cmd.name() + "'");
                    }
                }
            }
            c = loaded = new ShellCommands(Map.copyOf(map));
        }
        return c;
    }

    /** Just {@code commands}, for a shell in a test. */
    static ShellCommands of(Collection<ShellCommand> commands) {
        var map = new TreeMap<String, ShellCommand>();
        commands.forEach(c -> map.put(c.name(), c));
        return new ShellCommands(Map.copyOf(map));
    }

    public Optional<ShellCommand> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Sorted by name. */
    public Collection<ShellCommand> all() {
        return new TreeMap<>(byName).values();
    }
}
