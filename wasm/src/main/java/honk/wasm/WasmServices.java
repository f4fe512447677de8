package honk.wasm;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ProgramSource;
import honk.actors.kernel.ServiceProvider;
import honk.storage.fs.FsService;
import honk.supervision.ChildSpec;

import java.util.List;
import java.util.Set;

/**
 * The WebAssembly tier's part in the kernel: the capability kinds only modules use ({@link
 * WasmCapability}), and the {@link WasmLoader} with its module cache over the filesystem the
 * storage services provide (for {@code wasm}, and as the {@link ProgramSource} of {@code run}). It
 * runs no service of its own: each module is a process under the process table.
 */
public final class WasmServices implements ServiceProvider {
    @Override
    public Set<Class<?>> provides() {
        return Set.of(WasmLoader.class, ProgramSource.class);
    }

    @Override
    public Set<Class<?>> needs() {
        return Set.of(FsService.class);
    }

    @Override
    public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
        for (String kind : WasmCapability.KINDS) {
            var handle = new WasmCapability(kind);
            kernel.capabilities().register(kind, held -> handle);
        }
        var loader = new WasmLoader(entries.need(FsService.class), new ModuleCache());
        entries.provide(WasmLoader.class, loader);
        entries.provide(ProgramSource.class, loader);
        return List.of();
    }
}
