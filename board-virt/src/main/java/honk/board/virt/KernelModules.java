package honk.board.virt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel modules the boot image carries, and which of them this machine needs: as udev does, a
 * module is loaded when a device's {@code modalias} (under {@code /sys/bus/}) matches one of the
 * module's aliases, after its dependencies; a module no device asks for (the 9p filesystem, kvm,
 * the GPU stack on a board without a GPU) is loaded when something first needs it ({@link
 * #require}). Reads the image's {@code load-order}, {@code modules.dep} and {@code modules.alias}
 * (written by {@code scripts/image}); loading goes through a {@link Loader} (finit_module(2) on the
 * virt board). Pure Java apart from the loader; thread-safe.
 */
public final class KernelModules {
    /** Loads one module file; throws with the kernel's reason. {@code EEXIST} counts as loaded. */
    @FunctionalInterface
    public interface Loader {
        void load(Path ko) throws IOException;
    }

    /** What one round of loading did. */
    public record Outcome(List<String> loaded, List<String> failed) {
        /** {@code 4 loaded (virtio_mmio, …)}, with the failures and their reasons. */
        public String describe() {
            var names = loaded.stream().map(KernelModules::stem).toList();
            return loaded.size()
                    + " loaded"
                    + (loaded.isEmpty() ? "" : " (" + String.join(" ", names) + ")")
                    + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
        }
    }

    private final Path dir;
    private final List<String> order; // NAME.ko, dependencies first
    private final Map<String, List<String>> deps; // NAME.ko -> NAME.ko
    private final Map<String, List<Pattern>> aliases; // NAME.ko -> patterns
    private final Loader loader;
    private final Set<String> loaded = new LinkedHashSet<>();

    private KernelModules(
            Path dir,
            List<String> order,
            Map<String, List<String>> deps,
            Map<String, List<Pattern>> aliases,
            Loader loader) {
        this.dir = dir;
        this.order = order;
        this.deps = deps;
        this.aliases = aliases;
        this.loader = loader;
    }

    /**
     * The modules in {@code dir}: its {@code load-order} (required), {@code modules.dep} and {@code
     * modules.alias} (an image without them loads every module in order, as before they existed).
     */
    public static KernelModules read(Path dir, Loader loader) throws IOException {
        List<String> order =
                Files.readAllLines(dir.resolve("load-order")).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList();
        var deps = new LinkedHashMap<String, List<String>>();
        Path depFile = dir.resolve("modules.dep");
        if (Files.exists(depFile)) {
            for (String line : Files.readAllLines(depFile)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String rest = line.substring(colon + 1).strip();
                    deps.put(
                            line.substring(0, colon).strip(),
                            rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
                }
            }
        }
        var aliases = new LinkedHashMap<String, List<Pattern>>();
        Path aliasFile = dir.resolve("modules.alias");
        boolean indexed = Files.exists(aliasFile) && Files.exists(depFile);
        if (indexed) {
            for (String line : Files.readAllLines(aliasFile)) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 3 && f[0].equals("alias")) {
                    aliases.computeIfAbsent(f[2] + ".ko", k -> new ArrayList<>()).add(glob(f[1]));
                }
            }
        } else {
            // no index: every module is wanted, by an alias that matches anything
            order.forEach(ko -> aliases.put(ko, List.of(Pattern.compile(".*"))));
        }
        return new KernelModules(dir, order, deps, aliases, loader);
    }

    /** Every module the image carries, dependencies first. */
    public List<String> all() {
        return order;
    }

    /** The modules loaded so far (by this object), in load order. */
    public synchronized List<String> loaded() {
        return List.copyOf(loaded);
    }

    /**
     * The modules whose aliases match one of {@code modaliases} and are not loaded yet, with their
     * dependencies, in load order.
     */
    public synchronized List<String> wanted(Set<String> modaliases) {
        var want = new LinkedHashSet<String>();
        for (String ko : order) {
            var patterns = aliases.getOrDefault(ko, List.of());
            if (modaliases.stream()
                    .anyMatch(a -> patterns.stream().anyMatch(p -> p.matcher(a).matches()))) {
                withDeps(ko, want);
            }
        }
        return order.stream().filter(want::contains).filter(ko -> !loaded.contains(ko)).toList();
    }

    /**
     * Loads what the devices under {@code sys} ask for, in rounds: a loaded driver can bring new
     * devices (virtio_mmio its virtio devices, virtio_input its input devices), so the scan is
     * repeated until a round loads nothing (at most {@code rounds}).
     */
    public Outcome loadForDevices(Path sys, int rounds) {
        var done = new ArrayList<String>();
        var failed = new ArrayList<String>();
        for (int r = 0; r < rounds; r++) {
            var next = new ArrayList<>(wanted(modaliases(sys)));
            next.removeIf(ko -> failed.stream().anyMatch(f -> f.startsWith(ko + " ")));
            if (next.isEmpty()) {
                break;
            }
            var o = load(next);
            done.addAll(o.loaded());
            failed.addAll(o.failed());
        }
        return new Outcome(List.copyOf(done), List.copyOf(failed));
    }

    /**
     * Loads {@code name} (e.g. {@code 9p} or {@code kvm}) and its dependencies unless loaded;
     * throws with the reason when the image does not carry it or the kernel refuses it.
     */
    public void require(String name) throws IOException {
        String ko = name.replace('-', '_') + ".ko";
        if (!order.contains(ko)) {
            throw new IOException(
                    "the boot image carries no kernel module "
                            + name
                            + " (scripts/image lists them)");
        }
        var need = new LinkedHashSet<String>();
        withDeps(ko, need);
        var o = load(order.stream().filter(need::contains).toList());
        if (!o.failed().isEmpty()) {
            throw new IOException("kernel module " + String.join(", ", o.failed()));
        }
    }

    /** Loads {@code kos} in the order given, skipping those already loaded. */
    private synchronized Outcome load(List<String> kos) {
        var done = new ArrayList<String>();
        var failed = new ArrayList<String>();
        for (String ko : kos) {
            if (loaded.contains(ko)) {
                continue;
            }
            try {
                loader.load(dir.resolve(ko));
                loaded.add(ko);
                done.add(ko);
            } catch (IOException | RuntimeException e) {
                failed.add(ko + " (" + e.getMessage() + ")");
            }
        }
        return new Outcome(done, failed);
    }

    private void withDeps(String ko, Set<String> into) {
        if (into.add(ko)) {
            for (String d : deps.getOrDefault(ko, List.of())) {
                withDeps(d, into);
            }
        }
    }

    /** Every {@code modalias} of a device under {@code sys/bus/}. */
    static Set<String> modaliases(Path sys) {
        var found = new LinkedHashSet<String>();
        try (Stream<Path> buses = list(sys.resolve("bus"))) {
            for (Path bus : buses.toList()) {
                try (Stream<Path> devices = list(bus.resolve("devices"))) {
                    for (Path d : devices.toList()) {
                        try {
                            String alias = Files.readString(d.resolve("modalias")).strip();
                            if (!alias.isEmpty()) {
                                found.add(alias);
                            }
                        } catch (IOException e) {
                            // no modalias: nothing to match
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** A kernel alias pattern ({@code *}, {@code ?}, {@code [...]}, as fnmatch) as a regex. */
    static Pattern glob(String pattern) {
        var re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String set = pattern.substring(i + 1, end);
                        re.append('[')
                                .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                                .append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static String stem(String ko) {
        return ko.endsWith(".ko") ? ko.substring(0, ko.length() - 3) : ko;
    }
}
