package honk.actors.kernel;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What one service is handed, and hands on, while the kernel starts it ({@link
 * ServiceProvider#services}): the entries it declared it needs or uses, from the board or the
 * services before it in the {@link Wiring}, and the entries it declared it provides, for the
 * services after it. Reading or providing an entry the service did not declare is a {@link
 * WiringException}. Valid only during that call: a service keeps what it was handed (a value or a
 * stage), never the {@code Entries}. Confined to the guardian's thread.
 */
public final class Entries {
    private final Wiring wiring;
    private final ServiceProvider service;
    private boolean closed;

    Entries(Wiring wiring, ServiceProvider service) {
        this.wiring = wiring;
        this.service = service;
    }

    /**
     * The entry {@code type}, which this service {@linkplain ServiceProvider#needs needs}: there by
     * the time the service starts, from the board or a service before it.
     */
    public <T> T need(Class<T> type) {
        declared(type, service.needs(), "needs");
        Optional<T> now = wiring.registry().get(type);
        if (now.isPresent()) {
            return now.get();
        }
        ServiceProvider by = wiring.providerOf(type);
        String who = by == null ? "no service" : by.name();
        if (wiring.promised(type) != null) {
            throw new WiringException(
                    service.name()
                            + " needs "
                            + type.getSimpleName()
                            + " as it starts, but "
                            + who
                            + " provides it only later; take it with later()");
        }
        throw new WiringException(
                service.name()
                        + " needs "
                        + type.getSimpleName()
                        + ", which "
                        + who
                        + " declares but did not provide");
    }

    /**
     * The entry {@code type}, which this service {@linkplain ServiceProvider#uses uses}, if the
     * board or a service before it provided it.
     */
    public <T> Optional<T> use(Class<T> type) {
        declared(type, service.uses(), "uses");
        return wiring.registry().get(type);
    }

    /**
     * The entry {@code type} (needed or used) as it comes: at once if it is there, when it comes if
     * a service before this one provides it {@linkplain #provideLater later}. A stage that fails
     * says that nothing provides it, or why its provider could not.
     */
    public <T> CompletionStage<T> later(Class<T> type) {
        if (!service.needs().contains(type)) {
            declared(type, service.uses(), "uses");
        }
        CompletableFuture<T> promised = wiring.promised(type);
        if (promised != null) {
            return promised.minimalCompletionStage();
        }
        return wiring.registry()
                .get(type)
                .map(CompletableFuture::completedStage)
                .orElseGet(() ->
                        CompletableFuture.failedStage(
                                new NoSuchElementException(
                                        "nothing provides "
                                                + type.getSimpleName()
                                                + " on this board")));
    }

    /**
     * Provides {@code value} as the entry {@code type}, which this service declared it {@linkplain
     * ServiceProvider#provides provides}.
     */
    public <T> void provide(Class<T> type, T value) {
        provided(type);
        wiring.registry().put(type, value);
    }

    /**
     * Provides the entry {@code type} once {@code value} completes (a device probed after boot):
     * the services after this one get the stage; the registry gets the value when it comes. A
     * failed stage provides nothing.
     */
    public <T> void provideLater(Class<T> type, CompletionStage<? extends T> value) {
        provided(type);
        wiring.promise(type, value);
    }

    void close() {
        closed = true;
    }

    private void provided(Class<?> type) {
        declared(type, service.provides(), "provides");
        if (wiring.fromBoard(type)) {
            throw new WiringException(
                    service.name()
                            + " provides "
                            + type.getSimpleName()
                            + ", which the board provides already");
        }
    }

    private void declared(Class<?> type, Set<Class<?>> declared, String verb) {
        if (closed) {
            throw new IllegalStateException(
                    service.name()
                            + ": entries are handed over while the kernel starts the"
                            + " service, not after; keep the value or the stage instead");
        }
        if (!declared.contains(type)) {
            throw new WiringException(
                    service.name()
                            + " "
                            + verb
                            + " "
                            + type.getSimpleName()
                            + " but does not declare it"
                            + " (ServiceProvider."
                            + verb
                            + "())");
        }
    }
}
