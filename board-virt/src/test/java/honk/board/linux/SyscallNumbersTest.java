package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Which syscall numbers {@link Linux} picks for an {@code os.arch}. Pure Java; makes no call. */
class SyscallNumbersTest {
    @Test
    void anUnknownArchitectureIsRefusedNamingItAndWhatIsKnown() {
        var e =
                assertThrows(
                        UnsupportedOperationException.class, () -> Linux.Sys.forArch("ppc64le"));
        assertTrue(e.getMessage().contains("'ppc64le'"), e.getMessage());
        assertTrue(
                e.getMessage().contains("riscv64")
                        && e.getMessage().contains("amd64")
                        && e.getMessage().contains("aarch64"),
                e.getMessage());
    }

    @Test
    void aMissingArchitectureIsRefusedToo() {
        var e = assertThrows(UnsupportedOperationException.class, () -> Linux.Sys.forArch(null));
        assertTrue(e.getMessage().contains("'null'"), e.getMessage());
    }

    @Test
    void eachKnownArchitectureHasItsOwnNumbers() {
        assertEquals(56, Linux.Sys.forArch("riscv64").openat(), "asm-generic");
        assertEquals(0x4000, Linux.Sys.forArch("riscv64").oDirect());
        assertEquals(257, Linux.Sys.forArch("amd64").openat());
        assertEquals(Linux.Sys.forArch("amd64"), Linux.Sys.forArch("x86_64"));
        assertEquals(0x10000, Linux.Sys.forArch("aarch64").oDirect());
    }

    /**
     * In a JVM that reports another architecture, {@link Linux} still loads: it is unavailable and
     * says why, each call is refused with that cause, and the host board runs on without a hart
     * number (as it does off Linux).
     */
    @Test
    void onAnUnknownArchitectureTheBindingsAreUnavailableWithTheReason() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var child =
                new ProcessBuilder(
                                java,
                                "--enable-native-access=ALL-UNNAMED",
                                "-Dos.arch=ppc64le",
                                "-cp",
                                System.getProperty("java.class.path"),
                                OtherArchitecture.class.getName())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("available: false"), out);
        assertTrue(
                out.contains(
                        "cause: java.lang.UnsupportedOperationException: no Linux syscall numbers"
                                + " for architecture 'ppc64le'"),
                out);
        assertTrue(
                out.contains(
                        "open: java.lang.IllegalStateException: native calls are unavailable:"
                            + " java.lang.UnsupportedOperationException: no Linux syscall numbers"
                            + " for architecture 'ppc64le'"),
                out);
        assertTrue(out.contains("hart: -1"), out);
    }

    /** Run in the child JVM above. */
    static final class OtherArchitecture {
        public static void main(String[] args) {
            System.out.println("available: " + Linux.isAvailable());
            System.out.println("cause: " + Linux.unavailabilityCause());
            try {
                Linux.open("/dev/null", Linux.O_RDONLY);
                System.out.println("open: succeeded");
            } catch (RuntimeException e) {
                System.out.println("open: " + e);
            }
            System.out.println("hart: " + new honk.board.host.HostBoard().currentHart());
        }
    }
}
