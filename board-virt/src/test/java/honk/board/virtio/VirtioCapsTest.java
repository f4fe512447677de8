package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

class VirtioCapsTest {
    /**
     * QEMU's modern virtio-pci layout: MSI-X at 0x98, then the virtio capabilities, all in BAR 4.
     */
    static byte[] qemuConfig() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0x1af4).putShort(2, (short) 0x1044).putShort(6, (short) 0x10);
        b.put(0x34, (byte) 0x98);
        cap(b, 0x98, 0x11, 0x84, 0, 0, 0, 0, 12); // MSI-X: not ours, skipped
        cap(b, 0x84, 0x09, 0x70, VirtioCaps.COMMON_CFG, 4, 0x0000, 0x1000, 16);
        cap(b, 0x70, 0x09, 0x60, VirtioCaps.ISR_CFG, 4, 0x1000, 0x1000, 16);
        cap(b, 0x60, 0x09, 0x4c, VirtioCaps.DEVICE_CFG, 4, 0x2000, 0x1000, 16);
        cap(b, 0x4c, 0x09, 0x00, VirtioCaps.NOTIFY_CFG, 4, 0x3000, 0x1000, 20);
        b.putInt(0x4c + 16, 4);
        return b.array();
    }

    static void cap(
            ByteBuffer b,
            int at,
            int id,
            int next,
            int type,
            int bar,
            int offset,
            int length,
            int len) {
        b.put(at, (byte) id)
                .put(at + 1, (byte) next)
                .put(at + 2, (byte) len)
                .put(at + 3, (byte) type)
                .put(at + 4, (byte) bar)
                .putInt(at + 8, offset)
                .putInt(at + 12, length);
    }

    @Test
    void theStructuresOfAQemuDeviceAreFound() {
        VirtioCaps caps = VirtioCaps.parse(qemuConfig());
        assertEquals(new VirtioCaps.Region(4, 0, 0x1000), caps.common());
        assertEquals(new VirtioCaps.Region(4, 0x1000, 0x1000), caps.isr());
        assertEquals(new VirtioCaps.Region(4, 0x2000, 0x1000), caps.device());
        assertEquals(new VirtioCaps.Region(4, 0x3000, 0x1000), caps.notifications());
        assertEquals(4, caps.notifyMultiplier());
    }

    @Test
    void aDeviceWithoutDeviceConfigurationStillParses() {
        byte[] c = qemuConfig();
        c[0x60 + 3] = 42; // an unknown structure type in place of the device config
        assertNull(VirtioCaps.parse(c).device());
    }

    @Test
    void aDeviceWithoutACapabilityListIsNotModern() {
        byte[] c = qemuConfig();
        c[6] = 0;
        assertRefused(c, "no PCI capability list");
    }

    @Test
    void aPointerOutsideConfigSpaceIsRefused() {
        byte[] c = qemuConfig();
        c[0x4c + 1] =
                (byte) 0xfc; // the last capability points at 0xfc: two bytes fit, a virtio cap
        // does not
        c[0xfc] = 0x09;
        c[0xfe] = 16;
        assertRefused(c, "bad length");
        byte[] d = qemuConfig();
        d[0x34] = 0x10; // inside the standard header
        assertRefused(d, "outside config space");
    }

    @Test
    void aCapabilityLoopIsRefused() {
        byte[] c = qemuConfig();
        c[0x4c + 1] = (byte) 0x98;
        assertRefused(c, "does not end");
    }

    @Test
    void missingMandatoryStructuresAndBadBarsAreRefused() {
        byte[] noCommon = qemuConfig();
        noCommon[0x84 + 3] = 42;
        assertRefused(noCommon, "common");
        byte[] badBar = qemuConfig();
        badBar[0x70 + 4] = 9;
        assertRefused(badBar, "BAR 9");
        byte[] shortNotify = qemuConfig();
        shortNotify[0x4c + 2] = 16; // no room for notify_off_multiplier
        assertRefused(shortNotify, "notify_off_multiplier");
        assertRefused(new byte[32], "at least 64");
    }

    private static void assertRefused(byte[] config, String why) {
        var e = assertThrows(VirtioDeviceException.class, () -> VirtioCaps.parse(config));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
