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
 * Mints capability handles by name. The only place a handle is made: the shell and the HTTP API
 * ask it for the names a user granted, a process asks it (through {@code procs}) only for a subset
 * of its own. Later modules add kinds (files, net, block) with {@link #register}.
 */
public final class CapabilityCatalog {
    private final Map<String, Function<Set<String>, Capability>> mints = new TreeMap<>();

    public CapabilityCatalog(ConsolePort console, ProcessTable table, ProgramRegistry programs) {
        ConsoleCapability consoleCap = console::println;
        register(ConsoleCapability.NAME, held -> consoleCap);
        register(ProcsCapability.NAME, held -> new Procs(table, programs, held));
    }

    /** Adds a capability kind; {@code mint} gets the full set of names the holder is granted. */
    public synchronized void register(String name, Function<Set<String>, Capability> mint) {
        if (mints.putIfAbsent(name, mint) != null) {
            throw new IllegalStateException("capability '" + name + "' is registered twice");
        }
    }

    public synchronized Set<String> known() {
        return Set.copyOf(mints.keySet());
    }

    /** Handles for exactly these names; an unknown name is an {@link IllegalArgumentException} naming the known ones. */
    public synchronized Capabilities grant(Collection<String> names) {
        var held = Set.copyOf(names);
        var handles = new ArrayList<Capability>();
        for (String n : held) {
            var mint = mints.get(n);
            if (mint == null) {
                throw new IllegalArgumentException(
                        "unknown capability '" + n + "' (known: " + String.join(", ", mints.keySet()) + ")");
            }
            handles.add(mint.apply(held));
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
            var p = programs.find(program)
                    .orElseThrow(() -> new IllegalArgumentException("no program '" + program + "'"));
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
