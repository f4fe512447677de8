package honk.board.virtio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the virtio devices honk drives itself and brings each up to where its driver actor takes
 * over: bound to uio_pci_generic, its capabilities parsed, its BAR mapped, a hugepage arena
 * reserved and its interrupt reader started. Board-virt only.
 */
public final class VirtioProbe {
    /** virtio device types (virtio v1.2 §5). */
    public static final int TYPE_ENTROPY = 4;

    public static final int TYPE_9P = 9;

    /** A device ready for its driver, and where it was found. */
    public record Found(String address, String uio, VirtioPci device) {}

    private VirtioProbe() {}

    /** The first virtio-rng device. */
    public static Found entropy(Path sys, Runnable onIrq) {
        List<String> found = UioPciDevice.findVirtio(sys, TYPE_ENTROPY);
        if (found.isEmpty()) {
            throw new VirtioDeviceException(
                    "no virtio-rng-pci device (QEMU: -device virtio-rng-pci,disable-legacy=on)");
        }
        return open(sys, found.get(0), onIrq);
    }

    /**
     * The virtio-9p device whose mount tag is {@code tag}. Tags are read from the kernel's 9p
     * transport driver (9pnet_virtio), which has claimed every 9p device by the time honk looks;
     * the devices with other tags stay with the kernel.
     */
    public static Found ninep(Path sys, String tag, Runnable onIrq) {
        List<String> found = UioPciDevice.findVirtio(sys, TYPE_9P);
        for (String address : found) {
            if (tag.equals(kernelTag(sys, address))) {
                Found f = open(sys, address, onIrq);
                String deviceTag = NinePDriver.mountTag(f.device().deviceConfig());
                if (!deviceTag.equals(tag)) {
                    throw new VirtioDeviceException(
                            "virtio-9p "
                                    + address
                                    + ": the kernel named its tag '"
                                    + tag
                                    + "', the device says '"
                                    + deviceTag
                                    + "'");
                }
                return f;
            }
        }
        throw new VirtioDeviceException(
                found.isEmpty()
                        ? "no virtio-9p-pci device (scripts/run --share DIR adds one with"
                                + " mount_tag="
                                + tag
                                + ")"
                        : "no virtio-9p-pci device has mount_tag="
                                + tag
                                + " ("
                                + found.size()
                                + " others)");
    }

    /** The mount tag 9pnet_virtio shows for the function, or "" when it shows none. */
    static String kernelTag(Path sys, String address) {
        try (Stream<Path> s = Files.list(sys.resolve("bus/pci/devices").resolve(address))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("virtio")).toList()) {
                Path tag = p.resolve("mount_tag");
                if (Files.exists(tag)) {
                    return Files.readString(tag).replace("\0", "").trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static Found open(Path sys, String address, Runnable onIrq) {
        UioPciDevice uio = UioPciDevice.bind(sys, address);
        VirtioCaps caps = VirtioCaps.parse(uio.config());
        int bar = caps.common().bar();
        for (var r : new VirtioCaps.Region[] {caps.notifications(), caps.isr(), caps.device()}) {
            if (r != null && r.bar() != bar) {
                throw new VirtioDeviceException(
                        address
                                + ": the virtio structures span several BARs ("
                                + bar
                                + ", "
                                + r.bar()
                                + "); honk maps one");
            }
        }
        var device =
                new VirtioPci(uio.mapBar(bar), caps, Hugepages.arena(1), uio.startIrqReader(onIrq));
        return new Found(address, uio.devNode().getFileName().toString(), device);
    }
}
