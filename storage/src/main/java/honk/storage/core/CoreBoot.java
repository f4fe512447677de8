package honk.storage.core;

import honk.storage.block.BlockPort;
import honk.storage.block.Layout;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Boots the core once the primary device is there: selects the valid slot with the highest
 * version; when the image shipped with the boot image is newer than it (or no slot is valid, as
 * on a blank disk), installs it into the other slot first and selects again. Fails closed: without
 * a trusted key, or with no slot that verifies, the core is unavailable and says why. Runs on a
 * thread of its own (the device I/O and the signature check take a moment under emulation).
 * Anti-rollback: slots below the floor on disk ({@link FloorRecord}) are refused, and once a slot
 * has been selected the floor is raised to its version, retiring every older image for good.
 */
public final class CoreBoot {
    private CoreBoot() {}

    /**
     * @param trusted the public keys a core image may be signed with
     * @param shipped the image that came with the boot image, if any
     * @param log     one line when the core is up (or, when there is a device, why it is not)
     */
    public static CoreService start(CompletionStage<BlockPort> primary, List<CoreKeys.PublicKey> trusted,
            Optional<byte[]> shipped, Consumer<String> log) {
        var image = new CompletableFuture<CoreImage>();
        primary.whenComplete((device, failure) -> Thread.ofPlatform().name("core-boot").daemon().start(() -> {
            try {
                if (failure != null) { // no disk: nothing to say at boot, the mount says it when asked
                    image.completeExceptionally(new IOException("no device for the core: " + cause(failure).getMessage()));
                    return;
                }
                CoreSlots.Selection chosen = boot(device, trusted, shipped, log);
                log.accept("honk: core: slot " + chosen.slot() + ", version " + Long.toUnsignedString(chosen.image().version())
                        + ", " + chosen.image().files().size() + " files, signature and Merkle root verified");
                image.complete(chosen.image());
            } catch (IOException | RuntimeException e) {
                log.accept("honk: core: unavailable: " + e.getMessage());
                image.completeExceptionally(e);
            }
        }));
        return new CoreService(image);
    }

    static CoreSlots.Selection boot(BlockPort device, List<CoreKeys.PublicKey> trusted, Optional<byte[]> shipped,
            Consumer<String> log) throws IOException {
        Layout layout = Layout.of(device);
        long floor = FloorRecord.read(layout.floor());
        CoreSlots.Selection chosen = select(layout, trusted, floor, shipped, log);
        FloorRecord.raise(layout.floor(), chosen.image().version());
        return chosen;
    }

    private static CoreSlots.Selection select(Layout layout, List<CoreKeys.PublicKey> trusted, long floor,
            Optional<byte[]> shipped, Consumer<String> log) throws IOException {
        var slots = CoreSlots.of(layout, trusted, floor);
        Optional<CoreSlots.Selection> current;
        try {
            current = Optional.of(slots.select());
        } catch (CoreImageException.NoValidSlot e) {
            current = Optional.empty();
        }
        if (shipped.isPresent()) {
            CoreImage incoming;
            try {
                incoming = CoreImage.fromBytes(shipped.get(), "the shipped core image", trusted, floor);
            } catch (CoreImageException.Rollback e) {
                if (current.isEmpty()) {
                    throw e;
                }
                log.accept("honk: core: the shipped image is older than the floor on disk; not installed");
                return current.get();
            }
            boolean newer = current.isEmpty()
                    || Long.compareUnsigned(incoming.version(), current.get().image().version()) > 0;
            if (newer) {
                CoreSlots.Installed installed = slots.install(shipped.get());
                log.accept("honk: core: installed version " + Long.toUnsignedString(incoming.version()) + " into slot "
                        + installed.slot());
                return CoreSlots.of(layout, trusted, floor).select(); // a fresh look: the selection is per instance
            }
        }
        return current.isPresent() ? current.get() : slots.select(); // the latter throws NoValidSlot with both reasons
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
