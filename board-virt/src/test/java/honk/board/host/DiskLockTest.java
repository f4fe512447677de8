package honk.board.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.board.block.BlockKind;
import honk.storage.block.BlockPort;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

class DiskLockTest {
    @TempDir Path dir;

    private Path disk() throws Exception {
        Path f = dir.resolve("disk.img");
        Files.write(f, new byte[1 << 20]);
        return f;
    }

    @Test
    void aSecondHolderIsRefusedWithTheFirstsPid() throws Exception {
        Path f = disk();
        try (var lock = DiskLock.acquire(f)) {
            assertEquals(dir.resolve("disk.img.lock"), lock.file());
            assertEquals(
                    ProcessHandle.current().pid() + "\n",
                    Files.readString(lock.file()),
                    "the lock file names its holder");
            var refused = assertThrows(IllegalArgumentException.class, () -> DiskLock.acquire(f));
            assertEquals(
                    f
                            + " is in use by another honk (pid "
                            + ProcessHandle.current().pid()
                            + "); stop it, or give this one another disk (--disk FILE) or none kept"
                            + " (--ephemeral)",
                    refused.getMessage());
        }
        DiskLock.acquire(f).close(); // released: the next honk gets it
    }

    @Test
    void aStaleLockFileDoesNotBlock() throws Exception {
        Path f = disk();
        Files.writeString(DiskLock.lockFileOf(f), "999999999\n"); // a holder that is gone
        try (var lock = DiskLock.acquire(f)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lock.file()));
        }
    }

    @Test
    void aLockFileThatCannotBeMadeSaysWhy() throws Exception {
        Path f = dir.resolve("no-such-dir").resolve("disk.img");
        var e = assertThrows(IllegalArgumentException.class, () -> DiskLock.acquire(f));
        assertTrue(e.getMessage().startsWith("cannot create the lock file "), e.getMessage());
        assertTrue(e.getMessage().endsWith("must be writable"), e.getMessage());
    }

    /**
     * The lock is between processes: another JVM holding it refuses this one, and its end frees it.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anotherProcessHoldsTheLockUntilItEnds() throws Exception {
        Path f = disk();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var holder =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Holder.class.getName(),
                                f.toString())
                        .redirectErrorStream(true)
                        .start();
        try (var out =
                        new BufferedReader(
                                new InputStreamReader(
                                        holder.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = holder.getOutputStream()) {
            assertEquals("locked", out.readLine());
            var refused = assertThrows(IllegalArgumentException.class, () -> DiskLock.acquire(f));
            assertTrue(
                    refused.getMessage()
                            .contains("in use by another honk (pid " + holder.pid() + ")"),
                    refused.getMessage());
            in.write('\n');
            in.flush();
            assertEquals(0, holder.waitFor());
        } finally {
            holder.destroyForcibly();
        }
        DiskLock.acquire(f).close();
    }

    @Test
    void aHostBoardLocksItsDisksAndAnotherBoardIsRefused() throws Exception {
        Path f = disk();
        var first = new HostBoard(List.of(f));
        try {
            var e = assertThrows(IllegalArgumentException.class, () -> new HostBoard(List.of(f)));
            assertTrue(e.getMessage().contains(" is in use by another honk (pid "), e.getMessage());
        } finally {
            first.releaseLocks();
        }
        new HostBoard(List.of(f)).releaseLocks();
    }

    @Test
    void anEphemeralBoardHasOneDiskInMemory() throws Exception {
        var board = HostBoard.ephemeral(HostBoard.EPHEMERAL_BYTES, Optional.empty());
        var devices = board.blockDevices().toCompletableFuture().get();
        assertEquals(1, devices.size());
        var d = devices.get(0);
        assertEquals(BlockKind.MEMORY, d.kind());
        assertEquals(64L << 20, d.sizeBytes());
        assertTrue(d.primary());
        BlockPort port = board.openPrimary().toCompletableFuture().get();
        assertEquals(64L << 20, port.blockCount() * port.blockSize());
        var block = ByteBuffer.allocate(port.blockSize());
        block.put(0, (byte) 7);
        port.write(3, block);
        var back = ByteBuffer.allocate(port.blockSize());
        board.openPrimary().toCompletableFuture().get().read(3, back);
        assertEquals(7, back.get(0), "one disk: every open is the same memory");
        var e = assertThrows(java.io.IOException.class, d::open);
        assertTrue(e.getMessage().contains("in-memory disk"), e.getMessage());
    }

    /** Holds a disk's lock in a process of its own until a line arrives on stdin. */
    public static final class Holder {
        private Holder() {}

        public static void main(String[] args) throws Exception {
            try (var lock = DiskLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }
}
