package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.ProgramRegistry;
import honk.supervision.ChildSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The checked list of services: what each may read and provide, in what order, and how a late entry
 * travels.
 */
@Timeout(60)
class WiringTest {
    record Disk() {}

    record Files() {}

    record Share(String source) {}

    /**
     * A provider that declares what it is told and, when started, runs {@code body} on its entries.
     */
    record Stub(
            String name,
            Set<Class<?>> provides,
            Set<Class<?>> needs,
            Set<Class<?>> uses,
            Consumer<Entries> body)
            implements ServiceProvider {
        Stub(String name, Set<Class<?>> provides, Set<Class<?>> needs, Set<Class<?>> uses) {
            this(name, provides, needs, uses, e -> {});
        }

        @Override
        public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
            body.accept(entries);
            return List.of();
        }
    }

    private static Registry board(Class<?>... entries) {
        var registry = new Registry();
        for (Class<?> e : entries) {
            put(registry, e);
        }
        return registry;
    }

    private static <T> void put(Registry registry, Class<T> type) {
        try {
            registry.put(type, type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aServiceThatNeedsAnEntryOnlyALaterServiceProvidesIsRefusedNamingBoth() {
        var storage = new Stub("storage", Set.of(Files.class), Set.of(), Set.of());
        var wasm = new Stub("wasm", Set.of(), Set.of(Files.class), Set.of());
        var e =
                assertThrows(
                        WiringException.class,
                        () -> Wiring.check(new Registry(), List.of(wasm, storage)));
        assertEquals(
                "wasm needs Files, which neither the board nor a service before it provides"
                        + " (storage provides it but comes after it; list storage first)",
                e.getMessage());
        Wiring.check(new Registry(), List.of(storage, wasm)); // in order: accepted
    }

    @Test
    void theGuardianRefusesAListOutOfOrderBeforeAnythingStarts() {
        var storage = new Stub("storage", Set.of(Files.class), Set.of(), Set.of());
        var wasm = new Stub("wasm", Set.of(), Set.of(Files.class), Set.of());
        var ready = new CompletableFuture<Kernel>();
        var e =
                assertThrows(
                        WiringException.class,
                        () ->
                                Init.create(
                                        new FakeBoard(1),
                                        new RecordingConsole(),
                                        ProgramRegistry.load(),
                                        new Registry(),
                                        List.of(wasm, storage),
                                        ready,
                                        t -> {}));
        assertTrue(e.getMessage().startsWith("wasm needs Files, "), e.getMessage());
        assertFalse(ready.isDone());
    }

    @Test
    void theGuardianRefusesAListWithNoLineSinkForTheConsoleDriver() {
        var storage = new Stub("storage", Set.of(Files.class), Set.of(), Set.of());
        var e =
                assertThrows(
                        WiringException.class,
                        () ->
                                Init.create(
                                        new FakeBoard(1),
                                        new RecordingConsole(),
                                        ProgramRegistry.load(),
                                        new Registry(),
                                        List.of(storage),
                                        new CompletableFuture<>(),
                                        t -> {}));
        assertEquals(
                "the console driver needs LineSink (where typed lines go: the shell), which neither"
                        + " the board nor any service in the list provides",
                e.getMessage());
    }

    @Test
    void aServiceThatBreaksTheWiringAsItStartsFailsTheBootAtOnce() {
        var reader = new Stub("reader", Set.of(), Set.of(), Set.of(), e -> e.use(Disk.class));
        var e =
                assertThrows(
                        ExecutionException.class,
                        () -> BootedKernel.boot(1, new Registry(), reader).close());
        assertEquals(
                "reader uses Disk but does not declare it (ServiceProvider.uses())",
                e.getCause().getMessage());
    }

    @Test
    void aServiceThatNeedsAnEntryNothingProvidesIsRefused() {
        var wasm = new Stub("wasm", Set.of(), Set.of(Files.class), Set.of());
        var e =
                assertThrows(
                        WiringException.class, () -> Wiring.check(new Registry(), List.of(wasm)));
        assertEquals(
                "wasm needs Files, which neither the board nor a service before it provides"
                        + " (no service in the list provides it)",
                e.getMessage());
    }

    @Test
    void theBoardsEntriesMeetANeedAndAnOptionalEntryMayBeMissing() {
        var storage = new Stub("storage", Set.of(), Set.of(Disk.class), Set.of(Share.class));
        var wiring = Wiring.check(board(Disk.class), List.of(storage));
        assertTrue(wiring.provided(Disk.class));
        assertFalse(wiring.provided(Share.class));
        assertThrows(WiringException.class, () -> Wiring.check(new Registry(), List.of(storage)));
    }

    @Test
    void anEntryUsedBeforeItsProviderStartsIsRefused() {
        var storage = new Stub("storage", Set.of(), Set.of(), Set.of(Share.class));
        var virtio = new Stub("virtio", Set.of(Share.class), Set.of(), Set.of());
        var e =
                assertThrows(
                        WiringException.class,
                        () -> Wiring.check(new Registry(), List.of(storage, virtio)));
        assertEquals(
                "storage uses Share, which virtio provides only after it; list virtio first",
                e.getMessage());
    }

    @Test
    void twoProvidersOfOneEntryAreRefused() {
        var a = new Stub("a", Set.of(Files.class), Set.of(), Set.of());
        var b = new Stub("b", Set.of(Files.class), Set.of(), Set.of());
        var e =
                assertThrows(
                        WiringException.class, () -> Wiring.check(new Registry(), List.of(a, b)));
        assertEquals("a and b both provide Files; one entry has one provider", e.getMessage());
    }

    @Test
    void anEntryProvidedLaterReachesTheServiceAfterItAsAStage() {
        var probed = new CompletableFuture<Share>();
        var handed = new AtomicReference<CompletionStage<Share>>();
        var virtio =
                new Stub(
                        "virtio",
                        Set.of(Share.class),
                        Set.of(),
                        Set.of(),
                        e -> e.provideLater(Share.class, probed));
        var storage =
                new Stub(
                        "storage",
                        Set.of(),
                        Set.of(),
                        Set.of(Share.class),
                        e -> {
                            assertEquals(Optional.empty(), e.use(Share.class), "not there yet");
                            handed.set(e.later(Share.class));
                        });
        var registry = new Registry();
        Wiring.check(registry, List.of(virtio, storage)).start(null);
        var stage = handed.get().toCompletableFuture();
        assertFalse(stage.isDone());
        probed.complete(new Share("virtio-9p"));
        assertEquals(new Share("virtio-9p"), stage.getNow(null));
        assertEquals(
                Optional.of(new Share("virtio-9p")),
                registry.get(Share.class),
                "the shell's commands see it too");
    }

    @Test
    void anEntryNobodyProvidesComesAsAFailedStage() {
        var handed = new AtomicReference<CompletionStage<Share>>();
        var storage =
                new Stub(
                        "storage",
                        Set.of(),
                        Set.of(),
                        Set.of(Share.class),
                        e -> handed.set(e.later(Share.class)));
        Wiring.check(new Registry(), List.of(storage)).start(null);
        assertTrue(handed.get().toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void anEntryProvidedNowIsHandedToTheNeedAfterIt() {
        var files = new Files();
        var got = new AtomicReference<Files>();
        var storage =
                new Stub(
                        "storage",
                        Set.of(Files.class),
                        Set.of(),
                        Set.of(),
                        e -> e.provide(Files.class, files));
        var wasm =
                new Stub(
                        "wasm",
                        Set.of(),
                        Set.of(Files.class),
                        Set.of(),
                        e -> got.set(e.need(Files.class)));
        Wiring.check(new Registry(), List.of(storage, wasm)).start(null);
        assertTrue(got.get() == files);
    }

    @Test
    void aNeedItsProviderDidNotProvideStopsTheStartNamingBoth() {
        var storage = new Stub("storage", Set.of(Files.class), Set.of(), Set.of());
        var wasm =
                new Stub("wasm", Set.of(), Set.of(Files.class), Set.of(), e -> e.need(Files.class));
        var e =
                assertThrows(
                        WiringException.class,
                        () -> Wiring.check(new Registry(), List.of(storage, wasm)).start(null));
        assertEquals(
                "wasm needs Files, which storage declares but did not provide", e.getMessage());
    }

    @Test
    void readingOrProvidingAnUndeclaredEntryIsRefused() {
        var reader = new Stub("reader", Set.of(), Set.of(), Set.of(), e -> e.use(Disk.class));
        var e =
                assertThrows(
                        WiringException.class,
                        () -> Wiring.check(board(Disk.class), List.of(reader)).start(null));
        assertEquals(
                "reader uses Disk but does not declare it (ServiceProvider.uses())",
                e.getMessage());
        var writer =
                new Stub(
                        "writer",
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        en -> en.provide(Files.class, new Files()));
        e =
                assertThrows(
                        WiringException.class,
                        () -> Wiring.check(new Registry(), List.of(writer)).start(null));
        assertEquals(
                "writer provides Files but does not declare it (ServiceProvider.provides())",
                e.getMessage());
    }

    @Test
    void entriesAreValidOnlyWhileTheServiceStarts() {
        var kept = new AtomicReference<Entries>();
        var storage = new Stub("storage", Set.of(), Set.of(), Set.of(Disk.class), kept::set);
        Wiring.check(board(Disk.class), List.of(storage)).start(null);
        assertThrows(IllegalStateException.class, () -> kept.get().use(Disk.class));
    }
}
