package honk.actors.kernel;

import honk.actors.Capabilities;
import honk.actors.Capability;
import honk.actors.CapabilityDeniedException;
import honk.actors.ConsoleCapability;
import honk.actors.ProcessMessage;
import honk.actors.ProcessShard;
import honk.actors.ProcessTable;
import honk.actors.ProcsCapability;
import honk.actors.ProgramRegistry;
import honk.actors.SpawnSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Mints capability handles by name. The only place a handle is made: the shell and the HTTP API ask
 * it for the names a user granted, a process asks it (through {@code procs}) only for a subset of
 * its own. Later modules add kinds (net, block) with {@link #register}, and kinds that take a
 * parameter, such as a scope ({@code files:/home:ro}), with {@link #registerFamily}.
 */
public final class CapabilityCatalog {
    private final Map<String, Function<Set<String>, Capability>> mints = new TreeMap<>();
    private final Map<String, Family> families = new TreeMap<>();

    /**
     * A kind whose names carry a parameter after a colon; {@code synopsis} shows the form in
     * errors.
     */
    private record Family(String synopsis, Function<String, Capability> mint) {}

    public CapabilityCatalog(ConsolePort console, ProcessTable table, ProgramRegistry programs) {
        ConsoleCapability consoleCap = console::println;
        register(ConsoleCapability.NAME, held -> consoleCap);
        register(ProcsCapability.NAME, held -> new Procs(table, programs, held));
    }

    /** Adds a capability kind; {@code mint} gets the full set of names the holder is granted. */
    public synchronized void register(String name, Function<Set<String>, Capability> mint) {
        if (families.containsKey(name) || mints.putIfAbsent(name, mint) != null) {
            throw new IllegalStateException("capability '" + name + "' is registered twice");
        }
    }

    /**
     * Adds a kind that takes a parameter: the names {@code kind} and {@code kind:PARAM} are minted
     * by {@code mint}, which gets the whole name and throws {@link IllegalArgumentException} for a
     * parameter it cannot use. {@code synopsis} shows the form, e.g. {@code files[:/PATH][:ro]}.
     * The {@code procs} attenuation check compares names exactly, as for every other kind.
     */
    public synchronized void registerFamily(
            String kind, String synopsis, Function<String, Capability> mint) {
        if (kind.contains(":")
                || mints.containsKey(kind)
                || families.putIfAbsent(kind, new Family(synopsis, mint)) != null) {
            throw new IllegalStateException(
                    "capability '" + kind + "' is registered twice (or has a ':' in its name)");
        }
    }

    public synchronized Set<String> known() {
        var all = new java.util.HashSet<>(mints.keySet());
        all.addAll(families.keySet());
        return Set.copyOf(all);
    }

    /**
     * Handles for exactly these names; an unknown name is an {@link IllegalArgumentException}
     * naming the known ones.
     */
    public synchronized Capabilities grant(Collection<String> names) {
        var held = Set.copyOf(names);
        var handles = new ArrayList<Capability>();
        for (String n : held) {
            var mint = mints.get(n);
            var family = families.get(n.contains(":") ? n.substring(0, n.indexOf(':')) : n);
            if (mint != null) {
                handles.add(mint.apply(held));
            } else if (family != null) {
                handles.add(family.mint().apply(n));
            } else {
                var forms = new TreeMap<String, String>();
                mints.keySet().forEach(k -> forms.put(k, k));
                families.forEach((k, f) -> forms.put(k, f.synopsis()));
                throw new IllegalArgumentException(
                        "unknown capability '"
                                + n
                                + "' (known: "
                                + String.join(", ", forms.values())
                                + ")");
            }
        }
        return Capabilities.of(handles);
    }

    /** The {@code procs} handle: spawn/kill/send, granting children no more than the holder has. */
    private final class Procs implements ProcsCapability {
        private final ProcessTable table;
        private final ProgramRegistry programs;
        private final Set<String> held;

        Procs(ProcessTable table, ProgramRegistry programs, Set<String> held) {
            this.table = table;
            this.programs = programs;
            this.held = held;
        }

        @Override
        public long spawn(String program, List<String> args, Set<String> caps) {
            var p =
                    programs.find(program)
                            .orElseThrow(() ->
                                    new IllegalArgumentException("no program '" + program + "'"));
            for (String c : caps) {
                if (!held.contains(c)) {
                    throw new CapabilityDeniedException(
                            "cannot grant '" + c + "' to a child: the parent does not hold it");
                }
            }
            return table.spawn(SpawnSpec.of(p, args).withCaps(grant(caps)));
        }

        @Override
        public CompletionStage<Boolean> send(long pid, ProcessMessage message) {
            return table.send(pid, message).thenApply(d -> d == ProcessShard.Delivery.DELIVERED);
        }

        @Override
        public CompletionStage<Boolean> kill(long pid) {
            return table.kill(pid).thenApply(r -> r instanceof ProcessShard.KillDone);
        }
    }
}
