package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The downcalls that are safe to make on a developer's Linux host. */
class LinuxTest {
    private static final int ENOENT = 2;
    private static final int ENOTTY = 25;

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
    void openOfAMissingFileNamesThePathAndTheError() {
        var e = assertThrows(NativeIoException.class, () -> Linux.open("/nonexistent/honk", Linux.O_RDONLY));
        assertEquals(ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/nonexistent/honk"), e.getMessage());
    }

    @Test
    void schedGetcpuNamesAnOnlineCpu() {
        int cpu = Linux.schedGetcpu();
        assertTrue(cpu >= 0 && cpu < Runtime.getRuntime().availableProcessors() * 64, "cpu " + cpu);
    }
}
