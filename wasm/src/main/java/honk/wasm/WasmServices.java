package honk.wasm;

import honk.actors.kernel.Kernel;
import honk.actors.kernel.ProgramSource;
import honk.actors.kernel.ServiceProvider;
import honk.supervision.ChildSpec;
import java.util.List;

/**
 * The WebAssembly tier's part in the kernel: the capability kinds only modules use
 * ({@link WasmCapability}), and the {@link WasmLoader} with its module cache in the registry (for
 * {@code wasm} and as the {@link ProgramSource} of {@code run}). It runs no service of its own:
 * each module is a process under the process table.
 */
public final class WasmServices implements ServiceProvider {
    @Override
    public List<ChildSpec<?>> services(Kernel kernel) {
        for (String kind : WasmCapability.KINDS) {
            var handle = new WasmCapability(kind);
            kernel.capabilities().register(kind, held -> handle);
        }
        var loader = new WasmLoader(kernel.registry(), new ModuleCache());
        kernel.registry().put(WasmLoader.class, loader);
        kernel.registry().put(ProgramSource.class, loader);
        return List.of();
    }
}
