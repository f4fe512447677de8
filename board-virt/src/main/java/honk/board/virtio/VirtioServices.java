package honk.board.virtio;

import akka.actor.typed.Behavior;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ServiceProvider;
import honk.board.virt.VirtBoard;
import honk.storage.ninep.NinePShare;
import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The virt board's own virtio drivers as system services: {@code rng} (virtio-rng) and {@code
 * p9-host} (the virtio-9p device tagged {@code host}). The devices are probed after the kernel
 * modules the devices ask for load (9pnet_virtio, which names the 9p devices' tags), then
 * uio_pci_generic when there is a device to drive, on a thread of their own, one device after the
 * other. A driver is a standalone service, restarted in place (its address and queued requests
 * outlive a crash) with a backoff of 100 ms to 5 s and an intensity of its own, so a failing device
 * never panics the kernel. Provides {@link VirtioDrivers} for the shell's commands, and the host
 * share ({@link NinePShare}) for the filesystem as a stage that completes once the device is
 * probed. Other boards get no services.
 */
public final class VirtioServices implements ServiceProvider {
    /** The mount tag of the share honk mounts as its host layer (scripts/run --share). */
    public static final String HOST_TAG = "host";

    private static final Backoff BACKOFF =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2);

    @Override
    public Set<Class<?>> provides() {
        return Set.of(VirtioDrivers.class, NinePShare.class);
    }

    @Override
    public List<ChildSpec<?>> services(Kernel kernel, Entries entries) {
        if (!(kernel.board() instanceof VirtBoard board)) {
            return List.of();
        }
        Path sys = Path.of("/sys");
        Executor probe = task -> Thread.ofPlatform().name("virtio-probe").daemon().start(task);
        var rng = new ServiceHandle<RngDriver.Command>("rng");
        var p9 = new ServiceHandle<NinePDriver.Command>("p9-host");
        CompletableFuture<VirtioProbe.Found> rngDevice =
                board.modules()
                        .thenApplyAsync(
                                v -> {
                                    needUio(sys, VirtioProbe.TYPE_ENTROPY);
                                    return VirtioProbe.entropy(sys, () -> rng.tell(RngDriver.IRQ));
                                },
                                probe);
        CompletableFuture<VirtioProbe.Found> p9Device =
                rngDevice
                        .handle((f, e) -> null)
                        .thenApplyAsync(
                                v -> {
                                    needUio(sys, VirtioProbe.TYPE_9P);
                                    return VirtioProbe.ninep(
                                            sys, HOST_TAG, () -> p9.tell(NinePDriver.IRQ));
                                },
                                probe);
        rngDevice.whenComplete((f, e) -> kernel.console().println(report("virtio-rng", f, e)));
        p9Device.whenComplete((f, e) -> kernel.console().println(report("virtio-9p", f, e)));
        kernel.readiness().track("virtio-rng", rngDevice);
        kernel.readiness().track("virtio-9p", p9Device);
        Supplier<VirtioNinePTransport> sessions = () -> new VirtioNinePTransport(p9);
        entries.provide(VirtioDrivers.class, new VirtioDrivers(rng, sessions));
        entries.provideLater(
                NinePShare.class,
                p9Device.thenApply(f ->
                        NinePShare.asRoot(
                                "virtio-9p '" + HOST_TAG + "' at " + f.address(),
                                sessions::get,
                                "")));
        return List.of(
                service(
                        "rng",
                        RngDriver.create(
                                rngDevice.thenApply(VirtioProbe.Found::device), new InFlight()),
                        rng),
                service(
                        "p9-host",
                        NinePDriver.create(
                                p9Device.thenApply(VirtioProbe.Found::device), new InFlight()),
                        p9));
    }

    /**
     * The spec the system supervisor runs a driver under (package-private: the crash tests build it
     * too).
     */
    static <T> ChildSpec<T> service(String id, Behavior<T> driver, ServiceHandle<T> handle) {
        return ServiceProvider.standalone(id, driver).backoff(BACKOFF).handle(handle);
    }

    /**
     * Loads uio_pci_generic (no device asks for it by alias) when there is a device of {@code type}
     * for honk to drive.
     */
    private static void needUio(Path sys, int type) {
        if (UioPciDevice.findVirtio(sys, type).isEmpty()) {
            return;
        }
        try {
            VirtBoard.requireModule("uio_pci_generic");
        } catch (java.io.IOException e) {
            throw new VirtioDeviceException("cannot load uio_pci_generic: " + e.getMessage(), e);
        }
    }

    static String report(String name, VirtioProbe.Found f, Throwable e) {
        if (f != null) {
            return "honk: " + name + ": " + f.address() + " driven by honk through " + f.uio();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "honk: " + name + ": not driven (" + cause.getMessage() + ")";
    }
}
