package honk.board.linux;

import honk.actors.kernel.DeviceInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Device discovery from the kernel's views of the hardware: the flattened device tree QEMU hands
 * the kernel ({@code /proc/device-tree}: the nodes under {@code /soc}, with their compatible
 * strings and status) and the PCI bus ({@code /sys/bus/pci/devices}: vendor, device, class), each
 * with the kernel driver bound to it. Plain file reads; the roots are parameters so that tests scan
 * a fake tree. Unreadable entries are skipped, never fatal.
 */
public final class DeviceScan {
    /**
     * Names for the PCI devices QEMU's virt board offers (vendor:device; virtio 1.x ids are 0x1040
     * + type).
     */
    private static final Map<String, String> PCI_NAMES =
            Map.ofEntries(
                    Map.entry("1b36:0008", "pcie-host-bridge"), Map.entry("1b36:0011", "pvpanic"),
                    Map.entry("1b36:0010", "nvme"), Map.entry("1b36:000d", "xhci"),
                    Map.entry("1af4:1000", "virtio-net"), Map.entry("1af4:1001", "virtio-blk"),
                    Map.entry("1af4:1005", "virtio-rng"), Map.entry("1af4:1009", "virtio-9p"),
                    Map.entry("1af4:1041", "virtio-net"), Map.entry("1af4:1042", "virtio-blk"),
                    Map.entry("1af4:1044", "virtio-rng"), Map.entry("1af4:1049", "virtio-9p"),
                    Map.entry("1af4:1050", "virtio-gpu"), Map.entry("1af4:1052", "virtio-input"));

    private DeviceScan() {}

    /** Scans the live system. */
    public static List<DeviceInfo> scan() {
        return scan(Path.of("/proc/device-tree"), Path.of("/sys"));
    }

    public static List<DeviceInfo> scan(Path deviceTree, Path sys) {
        var found = new ArrayList<DeviceInfo>();
        found.addAll(deviceTree(deviceTree, sys));
        found.addAll(pci(sys));
        return found;
    }

    /** The enabled nodes under /soc, in address order. */
    static List<DeviceInfo> deviceTree(Path deviceTree, Path sys) {
        var found = new ArrayList<DeviceInfo>();
        for (Path node : children(deviceTree.resolve("soc"))) {
            String dirName = node.getFileName().toString();
            int at = dirName.indexOf('@');
            if (!Files.isDirectory(node) || at < 0) {
                continue;
            }
            String status = firstString(node.resolve("status"));
            if (!status.isEmpty() && !status.equals("okay") && !status.equals("ok")) {
                continue;
            }
            String name = dirName.substring(0, at);
            String unit = dirName.substring(at + 1);
            String driver =
                    driverOf(sys.resolve("bus/platform/devices").resolve(unit + "." + name));
            found.add(
                    new DeviceInfo(
                            "dt", unit, name, firstString(node.resolve("compatible")), driver));
        }
        found.sort((a, b) -> Long.compareUnsigned(parseHex(a.address()), parseHex(b.address())));
        return found;
    }

    /** The PCI functions, in slot order. */
    static List<DeviceInfo> pci(Path sys) {
        var found = new ArrayList<DeviceInfo>();
        for (Path dev : children(sys.resolve("bus/pci/devices"))) {
            String vendor = hexId(dev.resolve("vendor"));
            String device = hexId(dev.resolve("device"));
            if (vendor.isEmpty() || device.isEmpty()) {
                continue;
            }
            String id = vendor + ":" + device;
            String name = PCI_NAMES.getOrDefault(id, "class " + hexId(dev.resolve("class")));
            found.add(new DeviceInfo("pci", dev.getFileName().toString(), name, id, driverOf(dev)));
        }
        return found;
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The first NUL-terminated string of a device-tree property, or "". */
    private static String firstString(Path property) {
        try {
            byte[] b = Files.readAllBytes(property);
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * A sysfs id such as {@code 0x1af4}, as four lowercase hex digits without the prefix, or "".
     */
    private static String hexId(Path file) {
        try {
            String v = Files.readString(file).trim();
            return v.startsWith("0x") ? v.substring(2).toLowerCase() : v.toLowerCase();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The name of the driver a sysfs device is bound to, or "". */
    private static String driverOf(Path device) {
        try {
            return Files.readSymbolicLink(device.resolve("driver")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static long parseHex(String s) {
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
