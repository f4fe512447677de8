package honk.board.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

class NetConfigTest {
    @TempDir Path sys;

    private void file(String path, String text) throws Exception {
        Path f = sys.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text + "\n");
    }

    @Test
    void aMachineWithoutANetworkDeviceHasNoInterfaceToWaitFor() throws Exception {
        assertFalse(NetConfig.hasNetworkDevice(sys), "no sysfs at all");
        file("bus/pci/devices/0000:00:00.0/class", "0x060000"); // the host bridge
        file("bus/pci/devices/0000:00:02.0/class", "0x010802"); // NVMe
        file("bus/virtio/devices/virtio0/device", "0x0002"); // a virtio-blk disk
        assertFalse(NetConfig.hasNetworkDevice(sys));
    }

    @Test
    void aPciNetworkControllerOrAVirtioNetDeviceIsWaitedFor() throws Exception {
        file("bus/pci/devices/0000:00:03.0/class", "0x020000"); // virtio-net on PCI
        assertTrue(NetConfig.hasNetworkDevice(sys));
    }

    @Test
    void aVirtioNetDeviceOnMmioIsWaitedFor() throws Exception {
        file("bus/virtio/devices/virtio3/device", "0x0001");
        assertTrue(NetConfig.hasNetworkDevice(sys));
    }
}
