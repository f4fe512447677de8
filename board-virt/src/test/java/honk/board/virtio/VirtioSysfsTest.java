package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Device discovery over a fake sysfs: which functions are modern virtio devices, and the 9p tags.
 */
class VirtioSysfsTest {
    @TempDir Path sys;

    private Path function(String address, String vendor, String device, String driver)
            throws IOException {
        Path d = sys.resolve("bus/pci/devices").resolve(address);
        Files.createDirectories(d);
        Files.writeString(d.resolve("vendor"), vendor + "\n");
        Files.writeString(d.resolve("device"), device + "\n");
        if (driver != null) {
            Path drv = sys.resolve("bus/pci/drivers").resolve(driver);
            Files.createDirectories(drv);
            Files.createSymbolicLink(d.resolve("driver"), drv);
        }
        return d;
    }

    private void tag(Path function, String tag) throws IOException {
        Path v = function.resolve("virtio3");
        Files.createDirectories(v);
        Files.writeString(v.resolve("mount_tag"), tag + "\0\n");
    }

    @Test
    void onlyModernDevicesOfTheAskedTypeAreFound() throws IOException {
        function("0000:00:01.0", "0x1af4", "0x1044", "virtio-pci");
        function("0000:00:02.0", "0x1af4", "0x1005", "virtio-pci"); // transitional rng: not driven
        function("0000:00:03.0", "0x1af4", "0x1049", "virtio-pci");
        function("0000:00:04.0", "0x1b36", "0x1044", null); // another vendor
        assertEquals(
                List.of("0000:00:01.0"), UioPciDevice.findVirtio(sys, VirtioProbe.TYPE_ENTROPY));
        assertEquals(List.of("0000:00:03.0"), UioPciDevice.findVirtio(sys, VirtioProbe.TYPE_9P));
        assertEquals("virtio-pci", UioPciDevice.driverOf(sys, "0000:00:01.0"));
        assertEquals("", UioPciDevice.driverOf(sys, "0000:00:04.0"));
    }

    @Test
    void theKernelsMountTagIsReadWithoutItsTrailingNul() throws IOException {
        tag(function("0000:00:03.0", "0x1af4", "0x1049", "virtio-pci"), "host");
        function("0000:00:05.0", "0x1af4", "0x1049", "virtio-pci");
        assertEquals("host", VirtioProbe.kernelTag(sys, "0000:00:03.0"));
        assertEquals("", VirtioProbe.kernelTag(sys, "0000:00:05.0"));
    }

    @Test
    void withoutTheTaggedShareTheErrorSaysWhatToDo() throws IOException {
        var none =
                assertThrows(
                        VirtioDeviceException.class,
                        () -> VirtioProbe.ninep(sys, "host", () -> {}));
        assertTrue(none.getMessage().contains("--share DIR"), none.getMessage());
        tag(function("0000:00:03.0", "0x1af4", "0x1049", "virtio-pci"), "kernel");
        var other =
                assertThrows(
                        VirtioDeviceException.class,
                        () -> VirtioProbe.ninep(sys, "host", () -> {}));
        assertTrue(
                other.getMessage()
                        .contains("no virtio-9p-pci device has mount_tag=host (1 others)"),
                other.getMessage());
        var rng =
                assertThrows(VirtioDeviceException.class, () -> VirtioProbe.entropy(sys, () -> {}));
        assertTrue(rng.getMessage().contains("virtio-rng-pci,disable-legacy=on"), rng.getMessage());
    }

    @Test
    void bindingAFunctionThatIsNotThereNamesIt() {
        var e =
                assertThrows(
                        VirtioDeviceException.class, () -> UioPciDevice.bind(sys, "0000:00:09.0"));
        assertTrue(e.getMessage().contains("no PCI function 0000:00:09.0"), e.getMessage());
    }
}
