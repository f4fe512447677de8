package honk.storage.core;

import honk.storage.block.BlockPort;
import honk.storage.block.Layout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Boots the core once the primary device is there: selects the valid slot with the highest version;
 * when the image shipped with the boot image is newer than it (or no slot is valid, as on a blank
 * disk), installs it into the other slot first and selects again. Fails closed: without a trusted
 * key, or with no slot that verifies, the core is unavailable and says why. Runs on a thread of its
 * own (the device I/O and the signature check take a moment under emulation). Anti-rollback: slots
 * below the floor on disk ({@link FloorRecord}) are refused, and once a slot has been selected the
 * floor is raised to its version, retiring every older image for good.
 */
public final class CoreBoot {
    private CoreBoot() {}

    /**
     * @param trusted the public keys a core image may be signed with
     * @param shipped the image that came with the boot image, if any
     * @param log one line when the core is up (or, when there is a device, why it is not)
     */
    public static CoreService start(
            CompletionStage<BlockPort> primary,
            List<CoreKeys.PublicKey> trusted,
            Optional<byte[]> shipped,
            Consumer<String> log) {
        var image = new CompletableFuture<CoreImage>();
        var report = new CompletableFuture<CoreReport>();
        primary.whenComplete((device, failure) ->
                Thread.ofPlatform()
                        .name("core-boot")
                        .daemon()
                        .start(() -> {
                            if (failure
                                    != null) { // no disk: nothing to say at boot, the mount says it
                                // when asked
                                var none =
                                        new IOException(
                                                "no device for the core: "
                                                        + cause(failure).getMessage());
                                image.completeExceptionally(none);
                                report.completeExceptionally(none);
                                return;
                            }
                            var boot = new Boot(device, trusted, shipped, log);
                            try {
                                CoreSlots.Selection chosen = boot.run();
                                log.accept(
                                        "honk: core: slot "
                                                + chosen.slot()
                                                + ", version "
                                                + Long.toUnsignedString(chosen.image().version())
                                                + ", "
                                                + chosen.image().files().size()
                                                + " files, signature and Merkle root verified"
                                                + (chosen.image().signer().isDevelopment()
                                                        ? " (development key)"
                                                        : ""));
                                image.complete(chosen.image());
                            } catch (IOException | RuntimeException e) {
                                log.accept("honk: core: unavailable: " + e.getMessage());
                                boot.failed(e.getMessage());
                                image.completeExceptionally(e);
                            }
                            report.complete(boot.report());
                        }));
        return new CoreService(image, report);
    }

    static CoreSlots.Selection boot(
            BlockPort device,
            List<CoreKeys.PublicKey> trusted,
            Optional<byte[]> shipped,
            Consumer<String> log)
            throws IOException {
        return new Boot(device, trusted, shipped, log).run();
    }

    /** One boot's decision, and the record of it for {@link CoreReport}. */
    private static final class Boot {
        private final BlockPort device;
        private final List<CoreKeys.PublicKey> trusted;
        private final Optional<byte[]> shipped;
        private final Consumer<String> log;
        private final List<String> candidates = new ArrayList<>();
        private String booted = "none: the boot did not get as far as reading the slots";
        private long floorBefore;
        private long floorAfter;

        Boot(
                BlockPort device,
                List<CoreKeys.PublicKey> trusted,
                Optional<byte[]> shipped,
                Consumer<String> log) {
            this.device = device;
            this.trusted = trusted;
            this.shipped = shipped;
            this.log = log;
        }

        CoreSlots.Selection run() throws IOException {
            Layout layout = Layout.of(device);
            floorBefore = FloorRecord.read(layout.floor());
            floorAfter = floorBefore;
            CoreSlots.Selection chosen = select(layout, floorBefore);
            FloorRecord.raise(layout.floor(), chosen.image().version());
            floorAfter =
                    Long.compareUnsigned(chosen.image().version(), floorBefore) > 0
                            ? chosen.image().version()
                            : floorBefore;
            booted =
                    "slot "
                            + chosen.slot()
                            + ", version "
                            + Long.toUnsignedString(chosen.image().version())
                            + ", signed by "
                            + chosen.image().signer().describe();
            return chosen;
        }

        void failed(String why) {
            booted = "none: " + why;
        }

        CoreReport report() {
            return new CoreReport(booted, candidates, floorBefore, floorAfter);
        }

        private CoreSlots.Selection select(Layout layout, long floor) throws IOException {
            var slots = CoreSlots.of(layout, trusted, floor);
            Optional<CoreSlots.Selection> current;
            try {
                current = Optional.of(slots.select());
            } catch (CoreImageException.NoValidSlot e) {
                current = Optional.empty();
            }
            candidates.addAll(slots.verdicts());
            if (shipped.isEmpty()) {
                candidates.add("shipped: none came with the boot image");
            } else {
                CoreImage incoming;
                try {
                    incoming =
                            CoreImage.fromBytes(
                                    shipped.get(), "the shipped core image", trusted, floor);
                } catch (CoreImageException e) {
                    candidates.add("shipped: rejected: " + e.getMessage());
                    if (current.isEmpty() || !(e instanceof CoreImageException.Rollback)) {
                        throw e;
                    }
                    log.accept(
                            "honk: core: the shipped image is older than the floor on disk; not"
                                    + " installed");
                    return current.get();
                }
                boolean newer =
                        current.isEmpty()
                                || Long.compareUnsigned(
                                                incoming.version(), current.get().image().version())
                                        > 0;
                if (newer) {
                    CoreSlots.Installed installed = slots.install(shipped.get());
                    log.accept(
                            "honk: core: installed version "
                                    + Long.toUnsignedString(incoming.version())
                                    + " into slot "
                                    + installed.slot());
                    candidates.add(
                            "shipped: version "
                                    + Long.toUnsignedString(incoming.version())
                                    + ", valid, installed into slot "
                                    + installed.slot()
                                    + (current.isEmpty()
                                            ? " (no slot held a valid image)"
                                            : " (newer than slot " + current.get().slot() + "'s)"));
                    return CoreSlots.of(layout, trusted, floor)
                            .select(); // a fresh look: the selection is per instance
                }
                candidates.add(
                        "shipped: version "
                                + Long.toUnsignedString(incoming.version())
                                + ", valid, not installed (slot "
                                + current.get().slot()
                                + " holds version "
                                + Long.toUnsignedString(current.get().image().version())
                                + ")");
            }
            return current.isPresent()
                    ? current.get()
                    : slots.select(); // the latter throws NoValidSlot with both reasons
        }
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
