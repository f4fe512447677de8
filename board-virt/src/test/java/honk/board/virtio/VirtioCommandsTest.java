package honk.board.virtio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.shell.ShellException;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The commands' argument checks, which answer before any device is asked. */
class VirtioCommandsTest {
    private static void refused(String expected, Runnable command) {
        var e = assertThrows(ShellException.class, command::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void rngTakesOneCountWithinItsBound() {
        for (var args :
                List.of(
                        List.<String>of(),
                        List.of("0"),
                        List.of("1025"),
                        List.of("ten"),
                        List.of("-1"),
                        List.of("99999999999"),
                        List.of("4", "4"))) {
            refused("usage: rng N", () -> VirtioCommands.rng(null, args));
        }
    }

    @Test
    void p9probeTakesNoArgumentsAndP9benchARelativePathInTheShare() {
        refused("usage: p9probe", () -> VirtioCommands.p9probe(null, List.of("x")));
        refused("usage: p9bench", () -> VirtioCommands.p9bench(null, List.of("big.bin")));
        refused(
                "usage: p9bench",
                () -> VirtioCommands.p9bench(null, List.of("big.bin", "kernel", "0")));
        refused(
                "relative path",
                () -> VirtioCommands.p9bench(null, List.of("/etc/passwd", "kernel")));
        refused(
                "relative path",
                () -> VirtioCommands.p9bench(null, List.of("a/../../b", "kernel")));
    }
}
