package honk.actors.kernel;

import honk.supervision.ChildSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The system services in the order they start, checked against what each declares before any of
 * them runs: an entry a service {@linkplain ServiceProvider#needs needs} comes from the board or a
 * service before it; one it {@linkplain ServiceProvider#uses uses} is not provided by a service
 * after it; no two services provide the same entry. A list that breaks a rule is refused with a
 * {@link WiringException} that names the service and the entry.
 *
 * <p>{@link #start} then asks each service in turn for its children and hands it its entries
 * through an {@link Entries}: the board's, and what the services before it provided. An entry that
 * exists only later (the virt board's 9P share, once its device is probed) is handed on as a stage,
 * so that the service that uses it never looks it up again and again. Provided entries go into the
 * {@link Registry} too, where the shell's commands find them.
 */
public final class Wiring {
    // fixed at construction
    private final Registry registry;
    private final List<ServiceProvider> services;
    private final Set<Class<?>> board; // what the board registered before the kernel started
    private final Map<Class<?>, ServiceProvider> providers =
            new HashMap<>(); // by entry, as declared

    // written while start() asks the services, in order, on the guardian's thread
    private final Map<Class<?>, CompletableFuture<?>> promised = new HashMap<>();
    private boolean started;

    private Wiring(Registry registry, List<ServiceProvider> services) {
        this.registry = registry;
        this.services = List.copyOf(services);
        this.board = registry.types();
    }

    /**
     * The list {@code services}, in start order, over what the board put in {@code registry}.
     *
     * @throws WiringException if the list cannot work in this order
     */
    public static Wiring check(Registry registry, List<ServiceProvider> services) {
        var wiring = new Wiring(registry, services);
        wiring.checkProvides();
        for (int i = 0; i < wiring.services.size(); i++) {
            wiring.checkReads(i);
        }
        return wiring;
    }

    private void checkProvides() {
        for (ServiceProvider s : services) {
            for (Class<?> entry : s.provides()) {
                ServiceProvider other = providers.putIfAbsent(entry, s);
                if (other != null) {
                    throw new WiringException(
                            other.name()
                                    + " and "
                                    + s.name()
                                    + " both provide "
                                    + entry.getSimpleName()
                                    + "; one entry has one provider");
                }
            }
        }
    }

    private void checkReads(int at) {
        ServiceProvider s = services.get(at);
        for (Class<?> entry : s.needs()) {
            ServiceProvider by = providers.get(entry);
            if (board.contains(entry) || by != null && services.indexOf(by) < at) {
                continue;
            }
            String needs =
                    s.name()
                            + " needs "
                            + entry.getSimpleName()
                            + ", which neither the board nor a service before it provides";
            throw new WiringException(
                    by == null
                            ? needs + " (no service in the list provides it)"
                            : needs
                                    + " ("
                                    + by.name()
                                    + " provides it but comes "
                                    + (by == s ? "as the same service" : "after it")
                                    + "; list "
                                    + by.name()
                                    + " first)");
        }
        for (Class<?> entry : s.uses()) {
            ServiceProvider by = providers.get(entry);
            if (!board.contains(entry) && by != null && services.indexOf(by) > at) {
                throw new WiringException(
                        s.name()
                                + " uses "
                                + entry.getSimpleName()
                                + ", which "
                                + by.name()
                                + " provides only after it; list "
                                + by.name()
                                + " first");
            }
        }
    }

    /** Whether the board or a service in the list provides {@code entry}. */
    public boolean provided(Class<?> entry) {
        return board.contains(entry) || providers.containsKey(entry);
    }

    /** The services, in start order. */
    public List<ServiceProvider> services() {
        return services;
    }

    /**
     * Asks each service, in order, for its children; each gets its entries through an {@link
     * Entries} that is valid only while it is asked. Once per kernel.
     */
    public List<ChildSpec<?>> start(Kernel kernel) {
        if (started) {
            throw new IllegalStateException("the services were started already");
        }
        started = true;
        var children = new ArrayList<ChildSpec<?>>();
        for (ServiceProvider s : services) {
            var entries = new Entries(this, s);
            try {
                children.addAll(s.services(kernel, entries));
            } finally {
                entries.close();
            }
        }
        return children;
    }

    // for Entries, on the guardian's thread while start() runs

    Registry registry() {
        return registry;
    }

    boolean fromBoard(Class<?> entry) {
        return board.contains(entry);
    }

    ServiceProvider providerOf(Class<?> entry) {
        return providers.get(entry);
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> promised(Class<T> entry) {
        return (CompletableFuture<T>) promised.get(entry);
    }

    <T> void promise(Class<T> entry, CompletionStage<? extends T> value) {
        var stage = value.<T>thenApply(v -> v).toCompletableFuture();
        promised.put(entry, stage);
        stage.thenAccept(v -> registry.put(entry, v));
    }
}
