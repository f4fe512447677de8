package honk.board.virt;

import honk.board.linux.Linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * QEMU's pvpanic PCI device (vendor 0x1b36, device 0x0011), driven by honk itself: Debian's riscv64
 * kernel has no pvpanic driver, so honk enables the device through sysfs, maps its BAR0 from {@code
 * resource0} and writes PVPANIC_PANICKED. With {@code -action panic=exit-failure} QEMU then exits
 * with a failure status: the kernel-panic path's non-zero exit.
 */
final class Pvpanic {
    /** pvpanic event bit: the guest panicked (QEMU docs/specs/pvpanic.rst). */
    private static final byte PVPANIC_PANICKED = 1;

    private final Path device;

    private Pvpanic(Path device) {
        this.device = device;
    }

    /** The first pvpanic-pci device on the PCI bus, if QEMU was given one. */
    static Optional<Pvpanic> find() {
        try (var devices = Files.list(Path.of("/sys/bus/pci/devices"))) {
            return devices.filter(d -> is(d, "vendor", "0x1b36") && is(d, "device", "0x0011"))
                    .findFirst()
                    .map(Pvpanic::new);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean is(Path dev, String file, String want) {
        try {
            return Files.readString(dev.resolve(file)).trim().equalsIgnoreCase(want);
        } catch (IOException e) {
            return false;
        }
    }

    /** Signals a guest panic to QEMU; returns normally when QEMU did not act on it. */
    void signalPanic() throws IOException {
        Files.writeString(
                device.resolve("enable"), "1"); // turn on memory decoding (no driver does it)
        int fd = Linux.open(device.resolve("resource0").toString(), Linux.O_RDWR | Linux.O_SYNC);
        MemorySegment bar = Linux.mapShared(fd, 4096);
        bar.set(ValueLayout.JAVA_BYTE, 0, PVPANIC_PANICKED);
    }
}
