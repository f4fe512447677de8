package honk.board.virtio;

import honk.board.linux.Linux;
import honk.board.linux.ProcFiles;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * DMA memory for honk's drivers: hugepages reserved through {@code /proc/sys/vm/nr_hugepages},
 * mapped anonymous, locked and populated ({@link Linux#mapHugepages}), their physical addresses
 * read from {@code /proc/self/pagemap}. A 2 MiB hugepage is physically contiguous, so an arena
 * allocation within one page is one DMA buffer. Board-virt only; needs root (pagemap hides frame
 * numbers from others). Calls are serialized: reserving pages is read-modify-write of a sysctl.
 */
public final class Hugepages {
    private static final Path NR_HUGEPAGES = Path.of("/proc/sys/vm/nr_hugepages");

    private Hugepages() {}

    /**
     * An arena of {@code pages} fresh hugepages, reserving more from the kernel when too few are
     * free.
     */
    public static synchronized DmaArena arena(int pages) {
        long pageSize = ProcFiles.meminfo("Hugepagesize");
        if (pageSize <= 0) {
            throw new VirtioDeviceException(
                    "the kernel offers no hugepages (no Hugepagesize in /proc/meminfo)");
        }
        long free = ProcFiles.meminfo("HugePages_Free");
        try {
            if (free < pages) {
                long now = Long.parseLong(Files.readString(NR_HUGEPAGES).trim());
                Files.writeString(NR_HUGEPAGES, Long.toString(now + pages - Math.max(0, free)));
            }
        } catch (IOException | NumberFormatException e) {
            throw new VirtioDeviceException(
                    "cannot reserve hugepages through " + NR_HUGEPAGES + ": " + e.getMessage(), e);
        }
        MemorySegment memory = Linux.mapHugepages(pages * pageSize);
        long[] physical = new long[pages];
        try (var pagemap =
                FileChannel.open(Path.of("/proc/self/pagemap"), StandardOpenOption.READ)) {
            for (int i = 0; i < pages; i++) {
                long virtual = memory.address() + i * pageSize;
                ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
                if (pagemap.read(entry, Pagemap.offsetOf(virtual)) != 8) {
                    throw new VirtioDeviceException("short read of /proc/self/pagemap");
                }
                physical[i] = Pagemap.physicalAddress(entry.getLong(0), virtual);
            }
        } catch (IOException | IllegalStateException e) {
            throw new VirtioDeviceException(
                    "cannot find the hugepages' physical addresses: " + e.getMessage(), e);
        }
        return new DmaArena(memory, pageSize, physical);
    }
}
