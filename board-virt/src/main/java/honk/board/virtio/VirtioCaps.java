package honk.board.virtio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a modern virtio-pci device keeps its register blocks, parsed from PCI configuration space
 * (virtio v1.2 §4.1.4, "Virtio Structure PCI Capabilities"): a walk of the capability list for
 * vendor-specific capabilities (id 0x09), each naming a structure type, a BAR, an offset and a
 * length. The bytes come from the device and are checked: a pointer outside config space, a loop, a
 * structure past the end of a 32-bit offset or a missing mandatory structure is an error. Pure
 * Java; runs on the host JVM and in tests.
 *
 * @param notifyMultiplier {@code notify_off_multiplier} of the notify capability
 */
public record VirtioCaps(
        Region common, Region notifications, Region isr, Region device, int notifyMultiplier) {
    /** One structure: {@code length} bytes at {@code offset} in BAR {@code bar}. */
    public record Region(int bar, long offset, long length) {}

    /** cfg_type values (virtio v1.2 §4.1.4). */
    static final int COMMON_CFG = 1;

    static final int NOTIFY_CFG = 2;
    static final int ISR_CFG = 3;
    static final int DEVICE_CFG = 4;
    private static final int STATUS = 0x06;
    private static final int STATUS_CAP_LIST = 0x10;
    private static final int CAP_POINTER = 0x34;
    private static final int CAP_VENDOR = 0x09;

    /**
     * The standard header ends at 0x40; 256 bytes of conventional config space hold at most 48
     * capabilities.
     */
    private static final int MAX_CAPS = 48;

    /** Parses {@code config} (at least the first 64 bytes of the device's config space). */
    public static VirtioCaps parse(byte[] config) {
        if (config.length < 0x40) {
            throw new VirtioDeviceException(
                    "PCI config space is " + config.length + " bytes; need at least 64");
        }
        ByteBuffer b = ByteBuffer.wrap(config).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.getShort(STATUS) & STATUS_CAP_LIST) == 0) {
            throw new VirtioDeviceException(
                    "the device has no PCI capability list (not a modern virtio device)");
        }
        Map<Integer, Region> found = new HashMap<>();
        int notifyMultiplier = -1;
        int at = b.get(CAP_POINTER) & 0xfc;
        for (int seen = 0; at != 0; seen++) {
            if (seen == MAX_CAPS) {
                throw new VirtioDeviceException("PCI capability list does not end (a loop?)");
            }
            if (at < 0x40 || at + 2 > config.length) {
                throw new VirtioDeviceException(
                        "PCI capability pointer 0x"
                                + Integer.toHexString(at)
                                + " is outside config space ("
                                + config.length
                                + " bytes)");
            }
            int id = b.get(at) & 0xff;
            int next = b.get(at + 1) & 0xfc;
            if (id == CAP_VENDOR) {
                int capLen = b.get(at + 2) & 0xff;
                if (capLen < 16 || at + capLen > config.length) {
                    throw new VirtioDeviceException(
                            "virtio capability at 0x"
                                    + Integer.toHexString(at)
                                    + " has a bad length "
                                    + capLen);
                }
                int type = b.get(at + 3) & 0xff;
                var region =
                        new Region(
                                b.get(at + 4) & 0xff,
                                b.getInt(at + 8) & 0xffffffffL,
                                b.getInt(at + 12) & 0xffffffffL);
                if (region.bar() > 5) {
                    throw new VirtioDeviceException(
                            "virtio capability type " + type + " names BAR " + region.bar());
                }
                if (type == NOTIFY_CFG && capLen >= 20 && !found.containsKey(NOTIFY_CFG)) {
                    notifyMultiplier = b.getInt(at + 16);
                }
                found.putIfAbsent(
                        type, region); // the spec: the first of each type is the one to use
            }
            at = next;
        }
        return new VirtioCaps(
                require(found, COMMON_CFG, "common"),
                require(found, NOTIFY_CFG, "notify"),
                require(found, ISR_CFG, "ISR"),
                found.get(DEVICE_CFG),
                requireMultiplier(notifyMultiplier));
    }

    private static Region require(Map<Integer, Region> found, int type, String name) {
        Region r = found.get(type);
        if (r == null) {
            throw new VirtioDeviceException(
                    "the device has no virtio " + name + " configuration capability");
        }
        return r;
    }

    private static int requireMultiplier(int m) {
        if (m < 0) {
            throw new VirtioDeviceException(
                    "the notify capability has no valid notify_off_multiplier");
        }
        return m;
    }
}
