package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import honk.actors.kernel.DeviceInfo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class DeviceScanTest {
    @TempDir Path root;

    private Path write(String path, byte[] content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    private Path write(String path, String content) throws IOException {
        return write(path, content.getBytes());
    }

    /** A device-tree property: NUL-separated strings, NUL-terminated. */
    private static byte[] strings(String... s) {
        return (String.join("\0", s) + "\0").getBytes();
    }

    private void bind(String device, String driver) throws IOException {
        Path drv =
                Files.createDirectories(root.resolve("sys/bus/platform/drivers").resolve(driver));
        Path dev = Files.createDirectories(root.resolve(device));
        Files.createSymbolicLink(dev.resolve("driver"), drv);
    }

    @Test
    void findsEnabledSocNodesInAddressOrderWithTheirDrivers() throws IOException {
        write("dt/soc/virtio_mmio@10008000/compatible", strings("virtio,mmio"));
        write("dt/soc/serial@10000000/compatible", strings("ns16550a"));
        write("dt/soc/plic@c000000/compatible", strings("sifive,plic-1.0.0", "riscv,plic0"));
        write("dt/soc/flash@20000000/compatible", strings("cfi-flash"));
        write("dt/soc/flash@20000000/status", strings("disabled"));
        write("dt/soc/#address-cells", new byte[] {0, 0, 0, 2}); // a property, not a node
        bind("sys/bus/platform/devices/10000000.serial", "serial8250");

        List<DeviceInfo> found = DeviceScan.deviceTree(root.resolve("dt"), root.resolve("sys"));
        assertEquals(
                List.of(
                        new DeviceInfo("dt", "c000000", "plic", "sifive,plic-1.0.0", ""),
                        new DeviceInfo("dt", "10000000", "serial", "ns16550a", "serial8250"),
                        new DeviceInfo("dt", "10008000", "virtio_mmio", "virtio,mmio", "")),
                found);
    }

    @Test
    void findsPciFunctionsWithNamesForVirtBoardDevices() throws IOException {
        write("sys/bus/pci/devices/0000:00:00.0/vendor", "0x1b36\n");
        write("sys/bus/pci/devices/0000:00:00.0/device", "0x0008\n");
        write("sys/bus/pci/devices/0000:00:01.0/vendor", "0x1AF4\n");
        write("sys/bus/pci/devices/0000:00:01.0/device", "0x1049\n");
        write("sys/bus/pci/devices/0000:00:02.0/vendor", "0x8086\n");
        write("sys/bus/pci/devices/0000:00:02.0/device", "0x100e\n");
        write("sys/bus/pci/devices/0000:00:02.0/class", "0x020000\n");
        write("sys/bus/pci/devices/0000:00:03.0/vendor", "garbage-without-device-file\n");
        Path drv = Files.createDirectories(root.resolve("sys/bus/pci/drivers/virtio-pci"));
        Files.createSymbolicLink(root.resolve("sys/bus/pci/devices/0000:00:01.0/driver"), drv);

        assertEquals(
                List.of(
                        new DeviceInfo("pci", "0000:00:00.0", "pcie-host-bridge", "1b36:0008", ""),
                        new DeviceInfo(
                                "pci", "0000:00:01.0", "virtio-9p", "1af4:1049", "virtio-pci"),
                        new DeviceInfo("pci", "0000:00:02.0", "class 020000", "8086:100e", "")),
                DeviceScan.pci(root.resolve("sys")));
    }

    @Test
    void aMissingTreeOrBusIsEmptyNotAnError() {
        assertEquals(List.of(), DeviceScan.scan(root.resolve("no-dt"), root.resolve("no-sys")));
    }
}
