package honk.board.linux;

import honk.storage.block.BlockPort;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link BlockPort} over a Linux block device node ({@code /dev/nvme0n1}, {@code /dev/vda}) or,
 * on the host board, a regular file. Opened with O_DIRECT so that a completed write has left the
 * page cache and {@link #flush()} (fdatasync, which Linux turns into the drive's FLUSH on NVMe and
 * virtio-blk) is all that stands between it and the medium. A file system that refuses O_DIRECT
 * (EINVAL at open: ramfs, and tmpfs before Linux 6.6) gets buffered I/O instead, and {@link
 * #describe()} says so.
 *
 * <p>O_DIRECT needs the memory, the offset and the length aligned to the logical block size, so
 * every transfer goes through one native bounce buffer aligned to 4096 bytes, whatever buffer the
 * caller passes. Not thread-safe, as the port allows: the device's driver serializes its I/O.
 * board-virt only; needs Linux.
 */
public final class LinuxBlockDevice implements BlockPort, AutoCloseable {
    /**
     * The block size of a file-backed device: the page size. O_DIRECT on a file needs transfers
     * aligned to the file system's block (512 or 4096 bytes on the common ones); 4096 is both.
     */
    public static final int FILE_BLOCK_SIZE = 4096;

    /**
     * Alignment of the bounce buffer: the page size, enough for any logical block size up to it.
     */
    static final int ALIGNMENT = 4096;

    /**
     * Bytes per system call: large enough for full-speed transfers, small enough to keep pinned.
     */
    static final int BOUNCE_BYTES = 256 * 1024;

    private static final int EINTR = 4;
    private static final int EINVAL = 22;
    private static final int ENOTTY = 25;

    private final Path path;
    private final String kind;
    private final int blockSize;
    private final long blockCount;
    private final boolean direct;

    /** How the data move: O_DIRECT, or buffered and why. */
    private final String mode;

    // touched only by the thread doing I/O; released by close()
    private final Arena arena = Arena.ofShared();
    private final MemorySegment bounce = arena.allocate(BOUNCE_BYTES, ALIGNMENT);
    private int fd;

    private LinuxBlockDevice(
            Path path, String kind, int fd, String mode, int blockSize, long bytes) {
        this.path = path;
        this.kind = kind;
        this.fd = fd;
        this.direct = mode.equals("O_DIRECT");
        this.mode = mode;
        this.blockSize = blockSize;
        this.blockCount = bytes / blockSize;
    }

    /**
     * Opens {@code path} for reading and writing; {@code kind} names it in {@link #describe()}
     * (NVMe, virtio-blk, file). Fails with the path and the kernel's reason.
     */
    public static LinuxBlockDevice open(Path path, String kind) throws IOException {
        return open(path, kind, true);
    }

    /**
     * As {@link #open(Path, String)}; {@code tryDirect} false skips O_DIRECT (for tests of the
     * buffered path).
     */
    static LinuxBlockDevice open(Path path, String kind, boolean tryDirect) throws IOException {
        String where = path.toString();
        int flags = Linux.O_RDWR | Linux.O_CLOEXEC;
        int fd;
        String mode = tryDirect ? "O_DIRECT" : "buffered";
        try {
            fd = Linux.open(where, flags | (tryDirect ? Linux.O_DIRECT : 0));
        } catch (NativeIoException e) {
            if (!tryDirect || e.errno() != EINVAL) {
                throw failure(path, e);
            }
            mode = "buffered: the file system refuses O_DIRECT";
            try {
                fd = Linux.open(where, flags);
            } catch (NativeIoException again) {
                throw failure(path, again);
            }
        }
        try {
            int blockSize;
            long bytes;
            if (Files.isRegularFile(path)) {
                blockSize = FILE_BLOCK_SIZE;
                bytes = Files.size(path);
            } else {
                bytes = Linux.blockDeviceBytes(fd);
                blockSize = Linux.logicalBlockSize(fd);
            }
            if (bytes < blockSize) {
                throw new IOException(
                        path
                                + ": too small: "
                                + bytes
                                + " bytes, less than one "
                                + blockSize
                                + "-byte block");
            }
            return new LinuxBlockDevice(path, kind, fd, mode, blockSize, bytes);
        } catch (NativeIoException e) {
            Linux.close(fd);
            if (e.errno() == ENOTTY) {
                throw new IOException(path + ": neither a block device nor a regular file", e);
            }
            throw failure(path, e);
        } catch (IOException | RuntimeException e) {
            Linux.close(fd);
            throw e;
        }
    }

    private static IOException failure(Path path, NativeIoException e) {
        return new IOException(path + ": " + e.getMessage(), e);
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    /** True when the device was opened with O_DIRECT. */
    public boolean direct() {
        return direct;
    }

    @Override
    public void read(long block, ByteBuffer dst) throws IOException {
        BlockPort.checkRange(this, block, dst);
        long offset = block * blockSize;
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), BOUNCE_BYTES);
            transfer(false, offset, n);
            dst.put(bounce.asSlice(0, n).asByteBuffer());
            offset += n;
        }
    }

    @Override
    public void write(long block, ByteBuffer src) throws IOException {
        BlockPort.checkRange(this, block, src);
        openFd(); // before the bounce buffer is touched: close() frees it
        long offset = block * blockSize;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), BOUNCE_BYTES);
            bounce.asSlice(0, n).asByteBuffer().put(src.slice(src.position(), n));
            transfer(true, offset, n);
            src.position(src.position() + n);
            offset += n;
        }
    }

    /**
     * Moves {@code n} bytes between the bounce buffer and the device, over as many calls as the
     * kernel needs.
     */
    private void transfer(boolean write, long offset, int n) throws IOException {
        int handle = openFd();
        int done = 0;
        while (done < n) {
            long got;
            try {
                MemorySegment at = bounce.asSlice(done, n - done);
                got =
                        write
                                ? Linux.pwrite(handle, at, n - done, offset + done)
                                : Linux.pread(handle, at, n - done, offset + done);
            } catch (NativeIoException e) {
                if (e.errno() == EINTR) {
                    continue;
                }
                throw failure(path, e);
            }
            if (got == 0) {
                throw new IOException(
                        path
                                + ": ends at byte "
                                + (offset + done)
                                + " although it has "
                                + blockCount * blockSize
                                + " bytes");
            }
            done += (int) got;
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            Linux.fdatasync(openFd());
        } catch (NativeIoException e) {
            throw failure(path, e);
        }
    }

    private int openFd() throws IOException {
        if (fd < 0) {
            throw new IOException(path + ": closed");
        }
        return fd;
    }

    @Override
    public String describe() {
        return path
                + " ("
                + kind
                + ", "
                + size(blockCount * blockSize)
                + ", "
                + blockSize
                + "-byte blocks, "
                + mode
                + ")";
    }

    /** A size such as {@code 64.0 MiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Closes the descriptor and frees the bounce buffer; later I/O fails. Idempotent. */
    @Override
    public void close() {
        if (fd >= 0) {
            Linux.close(fd);
            fd = -1;
            arena.close();
        }
    }
}
