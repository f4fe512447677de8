package honk.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;

import honk.actors.kernel.FakeBoard;
import honk.actors.kernel.RecordingConsole;
import honk.actors.kernel.Registry;
import honk.actors.kernel.ServiceProvider;
import honk.actors.kernel.Wiring;
import honk.actors.kernel.WiringException;
import honk.net.http.HttpSettings;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.core.CoreSource;
import honk.storage.fs.HostLayer;
import honk.storage.ninep.NinePShare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The composition root's list: it checks out on every board, and a line out of order is refused.
 */
@Timeout(10)
class ServicesTest {
    private static Registry entries(Set<Class<?>> which) {
        var r = new Registry();
        if (which.contains(HttpSettings.class)) {
            r.put(HttpSettings.class, HttpSettings.loopback(8080));
        }
        if (which.contains(BlockDevices.class)) {
            r.put(
                    BlockDevices.class,
                    () ->
                            CompletableFuture.<BlockPort>failedFuture(
                                    new IllegalStateException("none")));
            r.put(CoreSource.class, new CoreSource(List.of(), Optional.empty(), line -> {}));
        }
        if (which.contains(NinePShare.class)) {
            r.put(
                    NinePShare.class,
                    NinePShare.asRoot(
                            "test",
                            () -> {
                                throw new java.io.IOException("not served");
                            },
                            ""));
        }
        if (which.contains(HostLayer.class)) {
            r.put(HostLayer.class, new HostLayer(Behaviors.empty()));
        }
        return r;
    }

    @Test
    void theListChecksOutWithWhateverEntriesABoardOffers() {
        var boards =
                List.<Set<Class<?>>>of(
                        Set.of(), // a fake board: no disk, no HTTP
                        Set.of(HttpSettings.class, BlockDevices.class), // the virt board
                        Set.of(
                                HttpSettings.class,
                                BlockDevices.class,
                                NinePShare.class), // the host board with --share, diod
                        Set.of(
                                BlockDevices.class,
                                HostLayer.class)); // the host board with --share, read directly
        for (Set<Class<?>> board : boards) {
            var wiring = Wiring.check(entries(board), Services.ordered());
            assertTrue(wiring.provided(honk.actors.kernel.LineSink.class), board.toString());
        }
    }

    @Test
    void theServicesStartInTheListedOrder() {
        assertEquals(
                List.of(
                        "ShellServices",
                        "VirtioServices",
                        "HttpServices",
                        "StorageServices",
                        "WasmServices"),
                Services.ordered().stream().map(ServiceProvider::name).toList());
    }

    @Test
    void aServiceListedBeforeTheOneItNeedsIsRefusedNamingBoth() {
        var reordered = new ArrayList<>(Services.ordered());
        ServiceProvider wasm = reordered.removeLast();
        reordered.addFirst(wasm);
        var e = assertThrows(WiringException.class, () -> Wiring.check(new Registry(), reordered));
        assertEquals(
                "WasmServices needs FsService, which neither the board nor a service before it"
                        + " provides (StorageServices provides it but comes after it; list"
                        + " StorageServices first)",
                e.getMessage());
    }

    @Test
    void storageListedBeforeTheVirtioShareIsRefused() {
        var reordered = new ArrayList<>(Services.ordered());
        ServiceProvider virtio = reordered.remove(1);
        reordered.add(
                reordered.indexOf(
                                reordered.stream()
                                        .filter(s -> s.name().equals("StorageServices"))
                                        .findFirst()
                                        .orElseThrow())
                        + 1,
                virtio);
        var e = assertThrows(WiringException.class, () -> Wiring.check(new Registry(), reordered));
        assertEquals(
                "StorageServices uses NinePShare, which VirtioServices provides only after it;"
                        + " list VirtioServices first",
                e.getMessage());
    }

    @Test
    void aBoardWithoutDisksOrShareOffersOnlyWhatItWasAskedFor() {
        var none = Services.board(new FakeBoard(1), new RecordingConsole(), null);
        assertEquals(Set.of(), none.types());
        var http =
                Services.board(
                        new FakeBoard(1), new RecordingConsole(), HttpSettings.loopback(8080));
        assertEquals(Set.of(HttpSettings.class), http.types());
    }
}
