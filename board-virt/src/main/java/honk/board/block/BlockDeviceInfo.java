package honk.board.block;

import honk.board.linux.LinuxBlockDevice;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One block device a board found: its name ({@code nvme0n1}, {@code vda}, a file's name), what
 * carries it, the node or file to open, its size and logical block size as discovery saw them, and
 * whether it is the primary device (the one storage uses: the first NVMe namespace, else the first
 * virtio-blk disk, else the first file).
 */
public record BlockDeviceInfo(
        String name, BlockKind kind, Path path, long sizeBytes, int blockSize, boolean primary) {
    /**
     * Opens the device for reading and writing; the caller closes it. An in-memory disk has no node
     * to open: its board hands it to storage once ({@link BlockBoard#openPrimary}).
     */
    public LinuxBlockDevice open() throws IOException {
        if (kind == BlockKind.MEMORY) {
            throw new IOException(
                    name + " is an in-memory disk: it is reached through storage's driver only");
        }
        return LinuxBlockDevice.open(path, kind.label());
    }

    /** The same device, marked primary or not. */
    BlockDeviceInfo withPrimary(boolean isPrimary) {
        return new BlockDeviceInfo(name, kind, path, sizeBytes, blockSize, isPrimary);
    }
}
