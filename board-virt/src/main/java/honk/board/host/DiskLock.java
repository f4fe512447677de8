package honk.board.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that keeps two honks off one disk image: {@code FILE.lock}, locked for as long as the
 * process lives and holding the holder's PID. A second honk (or a second board in the same JVM) is
 * refused with an {@link IllegalArgumentException} that names the holder and what to do. The lock
 * is the kernel's: it goes when the process does, however it ends, so a stale lock file never
 * blocks the next session.
 */
public final class DiskLock implements AutoCloseable {
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private DiskLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code disk}: {@code disk.img.lock} beside {@code disk.img}. */
    public static Path lockFileOf(Path disk) {
        return disk.resolveSibling(disk.getFileName() + ".lock");
    }

    /**
     * Takes {@code disk}'s lock and writes this process's PID into the lock file; throws an {@link
     * IllegalArgumentException} naming the holder when another honk has it.
     */
    public static DiskLock acquire(Path disk) {
        Path lockFile = lockFileOf(disk);
        FileChannel channel;
        try {
            channel =
                    FileChannel.open(
                            lockFile,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot create the lock file "
                            + lockFile
                            + " ("
                            + e.getMessage()
                            + "); the directory of "
                            + disk
                            + " must be writable");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException e) {
            close(channel);
            throw new IllegalArgumentException("cannot lock " + lockFile + ": " + e.getMessage());
        }
        if (lock == null) {
            String holder = holder(lockFile);
            close(channel);
            throw new IllegalArgumentException(
                    disk
                            + " is in use by another honk (pid "
                            + holder
                            + "); stop it, or give this one another disk (--disk FILE) or none"
                            + " kept (--ephemeral)");
        }
        try {
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(
                            (ProcessHandle.current().pid() + "\n")
                                    .getBytes(StandardCharsets.US_ASCII)),
                    0);
        } catch (IOException e) {
            // the lock holds without the PID; a refused honk then says "pid unknown"
        }
        return new DiskLock(lockFile, channel, lock);
    }

    /** The PID written into {@code lockFile}, or {@code unknown}. */
    static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The lock file this lock holds. */
    public Path file() {
        return lockFile;
    }

    /** Releases the lock (the file stays; the next holder rewrites it). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it that matters
        }
    }
}
