package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The downcalls that are safe to make on a developer's Linux host. */
class LinuxTest {
    private static final int ENOENT = 2;
    private static final int ENOTTY = 25;
    private static final int EBADF = 9;

    @TempDir Path dir;

    @BeforeAll
    static void onLinux() {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the bindings are for Linux");
    }

    @Test
    void bindingsLoad() {
        assertTrue(Linux.isAvailable(), () -> "unavailable: " + Linux.unavailabilityCause());
    }

    @Test
    void terminalAttributesOfAFileFailWithEnotty() {
        int fd = Linux.open("/dev/null", Linux.O_RDONLY | Linux.O_CLOEXEC);
        try {
            var e = assertThrows(NativeIoException.class, () -> Linux.tcgetattr(fd));
            assertEquals(ENOTTY, e.errno());
            assertTrue(e.getMessage().contains("TCGETS"), e.getMessage());
        } finally {
            Linux.close(fd);
        }
    }

    @Test
    void rawModeSetOnAPseudoTerminalReadsBack() {
        int fd = Linux.open("/dev/ptmx", Linux.O_RDWR | Linux.O_CLOEXEC);
        try {
            Termios cooked = Linux.tcgetattr(fd);
            Linux.tcsetattr(fd, cooked.raw());
            Termios now = Linux.tcgetattr(fd);
            assertEquals(cooked.raw(), now);
            assertEquals(0, now.lflag() & (Termios.ICANON | Termios.ECHO));
        } finally {
            Linux.close(fd);
        }
    }

    @Test
    void aFreshPseudoTerminalReportsNoWidthAsASerialLineDoes() {
        int fd = Linux.open("/dev/ptmx", Linux.O_RDWR | Linux.O_CLOEXEC);
        try {
            assertEquals(0, Linux.terminalColumns(fd), "nobody has set its size");
        } finally {
            Linux.close(fd);
        }
        int file = Linux.open("/dev/null", Linux.O_RDONLY | Linux.O_CLOEXEC);
        try {
            var e = assertThrows(NativeIoException.class, () -> Linux.terminalColumns(file));
            assertEquals(ENOTTY, e.errno());
            assertTrue(e.getMessage().contains("TIOCGWINSZ"), e.getMessage());
        } finally {
            Linux.close(file);
        }
    }

    @Test
    void openOfAMissingFileNamesThePathAndTheError() {
        var e =
                assertThrows(
                        NativeIoException.class,
                        () -> Linux.open("/nonexistent/honk", Linux.O_RDONLY));
        assertEquals(ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/nonexistent/honk"), e.getMessage());
    }

    @Test
    void schedGetcpuNamesAnOnlineCpu() {
        int cpu = Linux.schedGetcpu();
        assertTrue(cpu >= 0 && cpu < Runtime.getRuntime().availableProcessors() * 64, "cpu " + cpu);
    }

    @Test
    void pwriteThenPreadAtAnOffsetReadsTheBytesBack() throws IOException {
        Path file = Files.write(dir.resolve("data"), new byte[8192]);
        int fd = Linux.open(file.toString(), Linux.O_RDWR | Linux.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom("honk block bytes", StandardCharsets.US_ASCII);
            assertEquals(out.byteSize(), Linux.pwrite(fd, out, out.byteSize(), 4096));
            Linux.fdatasync(fd);
            MemorySegment in = arena.allocate(out.byteSize());
            assertEquals(in.byteSize(), Linux.pread(fd, in, in.byteSize(), 4096));
            assertEquals("honk block bytes", in.getString(0, StandardCharsets.US_ASCII));
            assertEquals(
                    0,
                    Linux.pread(fd, in, in.byteSize(), 8192),
                    "reading at the end of the file reads nothing");
        } finally {
            Linux.close(fd);
        }
        assertEquals(
                "honk block bytes",
                new String(Files.readAllBytes(file), 4096, 16, StandardCharsets.US_ASCII));
    }

    @Test
    void aTransferNeedsANativeSegmentAsLongAsTheCount() {
        int fd = Linux.open("/dev/zero", Linux.O_RDONLY | Linux.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Linux.pread(fd, MemorySegment.ofArray(new byte[16]), 16, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Linux.pread(fd, arena.allocate(16), 17, 0));
        } finally {
            Linux.close(fd);
        }
    }

    @Test
    void fdatasyncOfAClosedDescriptorFailsWithEbadf() {
        int fd = Linux.open("/dev/null", Linux.O_RDONLY | Linux.O_CLOEXEC);
        Linux.close(fd);
        var e = assertThrows(NativeIoException.class, () -> Linux.fdatasync(fd));
        assertEquals(EBADF, e.errno());
    }

    @Test
    void blockDeviceIoctlsOnARegularFileFailWithEnotty() throws IOException {
        Path file = Files.write(dir.resolve("plain"), new byte[4096]);
        int fd = Linux.open(file.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC);
        try {
            assertEquals(
                    ENOTTY,
                    assertThrows(NativeIoException.class, () -> Linux.blockDeviceBytes(fd))
                            .errno());
            var e = assertThrows(NativeIoException.class, () -> Linux.logicalBlockSize(fd));
            assertEquals(ENOTTY, e.errno());
            assertTrue(e.getMessage().contains("BLKSSZGET"), e.getMessage());
        } finally {
            Linux.close(fd);
        }
    }

    @Test
    void oDirectTransfersOfAlignedMemoryWork() throws IOException {
        Path file = Files.write(dir.resolve("direct"), new byte[8192]);
        int fd;
        try {
            fd = Linux.open(file.toString(), Linux.O_RDWR | Linux.O_CLOEXEC | Linux.O_DIRECT);
        } catch (NativeIoException e) {
            assumeTrue(
                    false,
                    "the temporary directory's file system refuses O_DIRECT: " + e.getMessage());
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(4096, 4096);
            block.fill((byte) 0x5a);
            assertEquals(4096, Linux.pwrite(fd, block, 4096, 4096));
            block.fill((byte) 0);
            assertEquals(4096, Linux.pread(fd, block, 4096, 4096));
            assertEquals((byte) 0x5a, block.get(ValueLayout.JAVA_BYTE, 4095));
        } finally {
            Linux.close(fd);
        }
    }
}
