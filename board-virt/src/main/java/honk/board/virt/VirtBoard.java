package honk.board.virt;

import honk.actors.kernel.Readiness;
import honk.board.block.BlockBoard;
import honk.board.block.BlockDeviceInfo;
import honk.board.block.BlockScan;
import honk.board.linux.Linux;
import honk.board.linux.LinuxBoard;
import honk.board.linux.NativeIoException;
import honk.board.linux.ProcFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * QEMU's riscv64 {@code virt} board with honk as PID 1 on a Linux kernel used as firmware.
 * Bring-up: mount what the pre-init did not, load honk's kernel modules with finit_module(2), count
 * the online harts. Power: reboot(2) POWER_OFF after a clean exit; after a panic honk first signals
 * QEMU's pvpanic device so that QEMU exits with a failure. Block devices: NVMe namespaces (primary)
 * and virtio-blk disks, found once their drivers are loaded. board-virt only; needs Linux.
 */
public final class VirtBoard extends LinuxBoard implements BlockBoard {
    private static final int EEXIST = 17;
    private static final List<Path> MODULE_DIRS =
            List.of(Path.of("/lib/modules/honk"), Path.of("/usr/lib/modules/honk"));

    private final int harts;
    private final CompletableFuture<Void> modules = new CompletableFuture<>();

    /**
     * The disks appear only once nvme and virtio_blk are loaded, so discovery waits for the
     * modules, then on a thread of its own for the drivers' asynchronous probes (BlockScan.settle).
     */
    private final CompletableFuture<List<BlockDeviceInfo>> blocks =
            modules.thenApplyAsync(
                    v -> BlockScan.settle(Path.of("/sys"), Path.of("/dev"), BlockScan.SETTLE),
                    task -> Thread.ofPlatform().name("block-scan").daemon().start(task));

    private VirtBoard(int harts) {
        this.harts = harts;
    }

    /**
     * Brings the board up; {@code log} receives one line per step worth telling. Kernel modules are
     * not loaded here but in {@link #shellReady}: nothing before the prompt needs them, and under
     * TCG loading all of them took ~3 s of the boot. Loading them on a thread beside Akka's
     * start-up was measured slower still (the two contend for the harts), so they load after it.
     */
    public static VirtBoard bringUp(Consumer<String> log) {
        mountIfMissing("proc", "/proc", "proc");
        mountIfMissing("sysfs", "/sys", "sysfs");
        mountIfMissing("devtmpfs", "/dev", "devtmpfs");
        log.accept(
                "honk: jvm up "
                        + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
                        + " ms");
        int harts = ProcFiles.onlineCpus();
        return new VirtBoard(harts > 0 ? harts : Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reports the devices found and loads honk's kernel modules, on a thread of their own; {@link
     * #modules()} completes when done, then the block devices are reported.
     */
    @Override
    public void shellReady(Consumer<String> log, Readiness readiness) {
        blocks.thenAccept(found -> log.accept("honk: block devices: " + BlockScan.summary(found)));
        // the network after the modules (virtio_net), on a thread of its own
        var network =
                modules.thenRunAsync(
                        () ->
                                log.accept(
                                        honk.board.net.NetConfig.bringUp(
                                                Path.of("/sys/class/net"))),
                        task -> Thread.ofPlatform().name("net-bring-up").daemon().start(task));
        readiness.track("modules", modules);
        readiness.track("block devices", blocks);
        readiness.track("network", network);
        Thread.ofPlatform()
                .name("module-loader")
                .daemon()
                .start(() -> {
                    try {
                        var found = devices();
                        long dt = found.stream().filter(d -> d.bus().equals("dt")).count();
                        log.accept(
                                "honk: devices: "
                                        + dt
                                        + " on the device tree, "
                                        + (found.size() - dt)
                                        + " on PCI (type 'devices')");
                        loadModules(log);
                    } finally {
                        modules.complete(null);
                    }
                });
    }

    /** Completes once the kernel modules have been loaded (or failed to); drivers wait on it. */
    public CompletableFuture<Void> modules() {
        return modules;
    }

    @Override
    public CompletionStage<List<BlockDeviceInfo>> blockDevices() {
        return blocks;
    }

    private static void mountIfMissing(String source, String target, String type) {
        try {
            if (Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .anyMatch(l -> l.split(" ")[1].equals(target))) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            // /proc itself is not mounted yet: mount it below
        }
        Linux.mount(source, target, type, 0);
    }

    private static void loadModules(Consumer<String> log) {
        KernelModules km = kernelModules();
        if (km == null) {
            log.accept("honk: modules: no load-order file; none loaded");
            return;
        }
        long t0 = System.nanoTime();
        var outcome = km.loadForDevices(Path.of("/sys"), 4);
        log.accept(
                "honk: modules: "
                        + outcome.describe()
                        + " of "
                        + km.all().size()
                        + " for this machine's devices in "
                        + (System.nanoTime() - t0) / 1_000_000
                        + " ms");
    }

    private static volatile KernelModules kernelModules;

    /**
     * The image's kernel modules, loading through finit_module(2); null when the image has none (or
     * they cannot be read).
     */
    static synchronized KernelModules kernelModules() {
        if (kernelModules == null) {
            Path dir =
                    MODULE_DIRS.stream()
                            .filter(d -> Files.exists(d.resolve("load-order")))
                            .findFirst()
                            .orElse(null);
            if (dir == null) {
                return null;
            }
            try {
                kernelModules = KernelModules.read(dir, VirtBoard::finitModule);
            } catch (IOException e) {
                return null;
            }
        }
        return kernelModules;
    }

    /**
     * Loads kernel module {@code name} and its dependencies unless loaded (a module no device asks
     * for, e.g. {@code 9p} for the kernel's 9p client, or {@code kvm}); throws with the reason.
     */
    public static void requireModule(String name) throws IOException {
        KernelModules km = kernelModules();
        if (km == null) {
            throw new IOException("this system carries no kernel modules (no load-order file)");
        }
        km.require(name);
    }

    private static void finitModule(Path ko) throws IOException {
        try {
            int fd = Linux.open(ko.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC);
            try {
                Linux.finitModule(fd, ko.getFileName().toString());
            } finally {
                Linux.close(fd);
            }
        } catch (NativeIoException e) {
            if (e.errno() != EEXIST) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    @Override
    public String name() {
        return "virt";
    }

    /** The kernel's uptime ({@code /proc/uptime}): the machine's, not only the JVM's. */
    @Override
    public long upMillis() {
        try {
            String first = Files.readString(Path.of("/proc/uptime")).split(" ")[0];
            return Math.round(Double.parseDouble(first) * 1000);
        } catch (IOException | RuntimeException e) {
            return super.upMillis();
        }
    }

    @Override
    public int harts() {
        return harts;
    }

    @Override
    public void powerOff(int status) {
        System.out.flush();
        if (ProcessHandle.current().pid() != 1) {
            // Not PID 1 (the image's AOT training run starts java as a child of the pre-init):
            // end the JVM only; the pre-init still has work to do before the machine goes off.
            System.exit(status);
        }
        if (status != 0) {
            try {
                var pvpanic = Pvpanic.find();
                if (pvpanic.isPresent()) {
                    pvpanic.get().signalPanic();
                    Thread.sleep(
                            1000); // QEMU exits on the write; the wait is for a QEMU that ignores
                    // it
                } else {
                    System.out.println("honk: no pvpanic device; powering off (QEMU will exit 0)");
                }
            } catch (Exception e) {
                System.out.println("honk: pvpanic failed: " + e);
            }
        }
        Linux.powerOff();
    }
}
