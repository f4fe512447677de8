package honk.board;

import honk.actors.kernel.BoardPort;
import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.Registry;
import honk.actors.kernel.ServiceProvider;
import honk.actors.shell.ShellServices;
import honk.board.block.BlockBoard;
import honk.board.virtio.VirtioServices;
import honk.net.http.HttpServices;
import honk.net.http.HttpSettings;
import honk.storage.StorageServices;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.core.CoreSource;
import honk.storage.fs.HostLayer;
import honk.storage.ninep.NinePShare;
import honk.wasm.WasmServices;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The wiring in one place, as xv6's {@code main.c} lists its init calls: the registry entries the
 * board puts in before the kernel starts ({@link #board}), then the system services in the order
 * they start ({@link #ordered}), after the kernel's own log and console driver. Each line names the
 * entries its provider declares ({@code provides}, {@code needs}, {@code uses}: optional); the
 * kernel checks the list against those declarations before anything starts and refuses a boot where
 * a service would read an entry that neither the board nor a line above it provides. A service is
 * handed its entries from this list, never by a lookup of its own: the virt board's 9P share, which
 * exists only once its device is probed, reaches the filesystem as a stage.
 */
public final class Services {
    private Services() {}

    /**
     * The services, in start order: the children of {@code system} after the log and the console
     * driver.
     */
    public static List<ServiceProvider> ordered() {
        return List.of(
                // shell. provides LineSink (the console driver delivers typed lines there),
                // LineCompleter (the console completes words on Tab with it)
                new ShellServices(),
                // rng, p9-host (virt board only). provides VirtioDrivers; NinePShare, later (once
                // probed)
                new VirtioServices(),
                // counters, http (when HTTP is asked for). uses HttpSettings; provides HttpEndpoint
                new HttpServices(),
                // disk, disks, kv, fs. uses BlockDevices, CoreSource, CoreService, HostLayer,
                // NinePShare;
                // provides PrimaryDisk, OtherDisks, CoreService, KvService, FsService
                new StorageServices(),
                // no children: module loading, capability kinds. needs FsService; provides
                // WasmLoader, ProgramSource
                new WasmServices());
    }

    /**
     * The board's entries: {@link HttpSettings} when HTTP is asked for ({@code http} not null);
     * {@link BlockDevices} and {@link CoreSource} on a board with disks; {@link NinePShare} or
     * {@link HostLayer} on a board that shares a host directory.
     */
    public static Registry board(BoardPort board, ConsolePort console, HttpSettings http) {
        var registry = new Registry();
        if (http != null) {
            registry.put(
                    HttpSettings.class,
                    http); // the net module's HTTP service starts after the prompt
        }
        if (board instanceof BlockBoard blocks) {
            CompletionStage<BlockPort> primary =
                    blocks.openPrimary(); // opened once, owned by storage's driver actor
            CompletionStage<List<BlockPort>> others = blocks.openOthers();
            registry.put(
                    BlockDevices.class,
                    new BlockDevices() {
                        @Override
                        public CompletionStage<BlockPort> primary() {
                            return primary;
                        }

                        @Override
                        public CompletionStage<List<BlockPort>> others() {
                            return others;
                        }
                    });
            registry.put(
                    CoreSource.class,
                    new CoreSource(
                            ShippedCore.trustedKeys(), ShippedCore.image(), console::println));
        }
        if (board instanceof ShareBoard shares) {
            shares.hostShare()
                    .ifPresent(
                            share -> registry.put(NinePShare.class, share)); // the fs's host layer
            shares.hostLayer().ifPresent(own -> registry.put(HostLayer.class, own));
        }
        return registry;
    }
}
