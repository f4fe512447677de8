package honk.board.virtio;

import honk.board.linux.Linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A PCI function taken from the kernel and handed to {@code uio_pci_generic} through sysfs
 * (Documentation/ABI/testing/sysfs-bus-pci: {@code driver/unbind}, {@code driver_override}, {@code
 * drivers_probe}), so that honk drives it: its BARs are mapped through {@code resourceN}, its
 * config space read and written through {@code config}, and its interrupt is a blocking read of
 * {@code /dev/uioN} that {@link #startIrqReader} turns into messages. Board-virt only; needs root
 * and the uio and uio_pci_generic modules.
 */
public final class UioPciDevice {
    /** Red Hat's PCI vendor id for virtio; modern devices are 0x1040 + the virtio device type. */
    public static final int VIRTIO_VENDOR = 0x1af4;

    public static final int VIRTIO_MODERN_BASE = 0x1040;
    private static final String UIO_DRIVER = "uio_pci_generic";

    /** PCI command register (PCI 3.0 §6.2.2): bit 2 lets the device master the bus, i.e. DMA. */
    private static final int COMMAND = 0x04;

    private static final short BUS_MASTER = 0x4;

    /** Bit 10 masks the legacy INTx line; uio_pci_generic sets it when the line fires. */
    private static final short INTX_DISABLE = 0x400;

    /** How long the uio node may take to appear after the bind (devtmpfs creates it at once). */
    private static final int NODE_WAIT_MS = 2000;

    private final Path sysfs;
    private final Path devNode;
    private final String address;

    private UioPciDevice(Path sysfs, String address, Path devNode) {
        this.sysfs = sysfs;
        this.address = address;
        this.devNode = devNode;
    }

    /**
     * The PCI addresses of modern virtio devices of {@code type} (e.g. 4 entropy, 9 9p) under
     * {@code sys}.
     */
    public static List<String> findVirtio(Path sys, int type) {
        var found = new ArrayList<String>();
        String want = String.format(Locale.ROOT, "0x%04x", VIRTIO_MODERN_BASE + type);
        try (Stream<Path> s = Files.list(sys.resolve("bus/pci/devices"))) {
            for (Path d : s.sorted().toList()) {
                if (read(d.resolve("vendor"))
                                .equals(String.format(Locale.ROOT, "0x%04x", VIRTIO_VENDOR))
                        && read(d.resolve("device")).equals(want)) {
                    found.add(d.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    /** The name of the kernel driver bound to the function, or "" when none is. */
    public static String driverOf(Path sys, String address) {
        Path link = sys.resolve("bus/pci/devices").resolve(address).resolve("driver");
        try {
            return Files.readSymbolicLink(link).getFileName().toString();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Unbinds the function from its kernel driver and binds it to uio_pci_generic, then turns on
     * bus mastering (uio_pci_generic leaves DMA off). Idempotent.
     */
    public static UioPciDevice bind(Path sys, String address) {
        Path dev = sys.resolve("bus/pci/devices").resolve(address);
        if (!Files.isDirectory(dev)) {
            throw new VirtioDeviceException("no PCI function " + address);
        }
        try {
            String driver = driverOf(sys, address);
            if (!driver.equals(UIO_DRIVER)) {
                if (!driver.isEmpty()) {
                    Files.writeString(dev.resolve("driver/unbind"), address);
                }
                Files.writeString(dev.resolve("driver_override"), UIO_DRIVER);
                Files.writeString(sys.resolve("bus/pci/drivers_probe"), address);
            }
            var device = new UioPciDevice(dev, address, waitForNode(dev));
            device.enableBusMaster();
            return device;
        } catch (IOException e) {
            throw new VirtioDeviceException(
                    address
                            + ": cannot bind to "
                            + UIO_DRIVER
                            + " (is the module loaded?): "
                            + e.getMessage(),
                    e);
        }
    }

    private static Path waitForNode(Path dev) throws IOException {
        long deadline = System.nanoTime() + NODE_WAIT_MS * 1_000_000L;
        while (true) {
            try (Stream<Path> s = Files.list(dev.resolve("uio"))) {
                var name =
                        s.map(p -> p.getFileName().toString())
                                .filter(n -> n.startsWith("uio"))
                                .findFirst();
                if (name.isPresent() && Files.exists(Path.of("/dev", name.get()))) {
                    return Path.of("/dev", name.get());
                }
            } catch (IOException e) {
                // not bound yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        dev.getFileName() + " has no uio device after binding to " + UIO_DRIVER);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the uio device");
            }
        }
    }

    public String address() {
        return address;
    }

    public Path devNode() {
        return devNode;
    }

    /** The function's configuration space (256 bytes, or 4096 for PCIe as root). */
    public byte[] config() {
        try {
            return Files.readAllBytes(sysfs.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void enableBusMaster() throws IOException {
        try (var ch =
                FileChannel.open(
                        sysfs.resolve("config"),
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            ByteBuffer cmd = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(cmd, COMMAND);
            short value = (short) (cmd.getShort(0) | BUS_MASTER);
            ch.write(
                    ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, value),
                    COMMAND);
        }
    }

    /** Maps BAR {@code bar} (its whole length) for register access; lives as long as honk. */
    public MemorySegment mapBar(int bar) {
        Path resource = sysfs.resolve("resource" + bar);
        try {
            long size = Files.size(resource);
            if (size <= 0) {
                throw new VirtioDeviceException(address + ": BAR " + bar + " is empty");
            }
            int fd = Linux.open(resource.toString(), Linux.O_RDWR | Linux.O_SYNC | Linux.O_CLOEXEC);
            try {
                return Linux.mapShared(fd, size);
            } finally {
                Linux.close(fd); // the mapping outlives the descriptor
            }
        } catch (IOException e) {
            throw new VirtioDeviceException(
                    address + ": cannot map BAR " + bar + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the interrupt source: a thread blocked in read(2) on the uio node, which calls {@code
     * onIrq} (it posts a message to the driver actor) each time the line fires. uio_pci_generic
     * masks the line as it fires (the command register's INTx Disable bit) and has no irqcontrol:
     * the returned runnable unmasks it through config space, which the driver calls after reading
     * the ISR (Documentation/driver-api/uio-howto.rst, "Generic PCI UIO driver"). The reader is a
     * platform thread, not a virtual one: in JDK 25 a virtual thread blocked in a file read keeps
     * its carrier (the JDK compensates only for O_DIRECT files), and two such readers at -smp 2
     * took every carrier and stalled the console's reader (seen under QEMU). A platform thread
     * costs one stack per device.
     */
    public Runnable startIrqReader(Runnable onIrq) {
        try {
            FileChannel in = FileChannel.open(devNode, StandardOpenOption.READ);
            FileChannel config =
                    FileChannel.open(
                            sysfs.resolve("config"),
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            Thread.ofPlatform()
                    .daemon()
                    .name("irq-" + address)
                    .start(() -> {
                        ByteBuffer count = ByteBuffer.allocate(4);
                        try {
                            while (true) {
                                count.clear();
                                if (in.read(count) != 4) {
                                    return;
                                }
                                onIrq.run();
                            }
                        } catch (IOException e) {
                            System.out.println(
                                    "honk: "
                                            + address
                                            + ": interrupt reader stopped: "
                                            + e.getMessage());
                        }
                    });
            return () -> unmask(config);
        } catch (IOException e) {
            throw new VirtioDeviceException(
                    address + ": cannot open " + devNode + ": " + e.getMessage(), e);
        }
    }

    /**
     * Clears INTx Disable in the command register. Only the driver writes it while the line is
     * masked, and the kernel's handler sets it only when the line fires, which a masked line
     * cannot: the read-modify-write does not race.
     */
    private static void unmask(FileChannel config) {
        try {
            ByteBuffer cmd = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            config.read(cmd, COMMAND);
            short value = cmd.getShort(0);
            if ((value & INTX_DISABLE) != 0) {
                config.write(
                        ByteBuffer.allocate(2)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putShort(0, (short) (value & ~INTX_DISABLE)),
                        COMMAND);
            }
        } catch (IOException e) {
            throw new VirtioDeviceException("cannot unmask the interrupt: " + e.getMessage(), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
