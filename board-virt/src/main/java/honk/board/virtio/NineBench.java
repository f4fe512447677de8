package honk.board.virtio;

import honk.board.linux.Linux;
import honk.board.linux.NativeIoException;
import honk.storage.ninep.Fid;
import honk.storage.ninep.NinePClient;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The 9p read benchmark ({@code scripts/bench 9p}): reads one file of the share from start to end
 * through honk's path (the 9P2000.L client over honk's virtio-9p driver, one Tread of msize at a
 * time) and through the Linux kernel's own 9p client (mounted from a second virtio-9p device over
 * the same directory, read(2) of 1 MiB at a time), alternating, and prints one line per read.
 * Board-virt only; the bench script boots the devices it needs.
 */
final class NineBench {
    static final Path KERNEL_MOUNT = Path.of("/mnt/p9-kernel");
    private static final int KERNEL_READ = 1 << 20;

    private NineBench() {}

    static String run(
            Supplier<VirtioNinePTransport> share, String file, String kernelTag, int rounds)
            throws IOException {
        List<String> path = List.of(file.split("/"));
        mountKernel(kernelTag);
        var out = new StringBuilder();
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            long honk = readThroughHonk(share.get(), path);
            out.append(line("honk", r, honk, System.nanoTime() - t0)).append('\n');
            t0 = System.nanoTime();
            long kernel = readThroughKernel(KERNEL_MOUNT.resolve(file));
            out.append(line("kernel", r, kernel, System.nanoTime() - t0)).append('\n');
            if (honk != kernel) {
                throw new IOException(
                        "the two paths read different sizes: " + honk + " and " + kernel);
            }
        }
        return out.toString().stripTrailing();
    }

    private static String line(String who, int round, long bytes, long nanos) {
        return String.format(
                Locale.ROOT,
                "p9bench: %s round %d: %d bytes in %d ms = %.1f MiB/s",
                who,
                round,
                bytes,
                nanos / 1_000_000,
                bytes / (1024.0 * 1024.0) / (nanos / 1e9));
    }

    private static long readThroughHonk(VirtioNinePTransport transport, List<String> path)
            throws IOException {
        try (NinePClient client = NinePClient.connect(transport, "root", 0, 0, "")) {
            Fid fid = client.walk(client.root(), path);
            client.lopen(fid, 0); // O_RDONLY
            long offset = 0;
            while (true) {
                byte[] data = client.read(fid, offset, client.msize());
                if (data.length == 0) {
                    break;
                }
                offset += data.length;
            }
            client.clunk(fid);
            return offset;
        }
    }

    private static long readThroughKernel(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(KERNEL_READ);
        long total = 0;
        try (var ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(buffer.clear())) > 0; ) {
                total += n;
            }
        }
        return total;
    }

    /** Mounts the kernel's 9p client once, uncached (the kernel's default), as honk's path is. */
    private static void mountKernel(String tag) throws IOException {
        if (Files.isDirectory(KERNEL_MOUNT)
                && Files.readString(Path.of("/proc/mounts")).contains(" " + KERNEL_MOUNT + " ")) {
            return;
        }
        Files.createDirectories(KERNEL_MOUNT);
        honk.board.virt.VirtBoard.requireModule("9p"); // no device asks for the filesystem
        honk.board.virt.VirtBoard.requireModule("9pnet_virtio");
        try {
            Linux.mount(
                    tag,
                    KERNEL_MOUNT.toString(),
                    "9p",
                    0,
                    "trans=virtio,version=9p2000.L,msize=" + NinePDriver.MAX_MESSAGE);
        } catch (NativeIoException e) {
            throw new IOException(
                    "the kernel's 9p client cannot mount tag '" + tag + "': " + e.getMessage(), e);
        }
    }
}
