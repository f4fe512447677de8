package honk.board;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.actors.kernel.ServiceProvider;
import honk.actors.shell.CommandLine;
import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommands;
import honk.actors.shell.ShellServices;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every command a full kernel's shell has (the board's list of services, every module's commands on
 * the class path, so a new command is covered without a change here) has an example: it starts with
 * the command's name, {@code help NAME} shows it, and typed as it stands it gets past the command's
 * parser (what it then finds, such as no virtio device on this board, is not checked).
 */
@Timeout(180)
class EveryCommandHasAnExampleTest {
    /** Their examples are not typed: each would end the kernel the others run on. */
    private static final Set<String> ENDS_THE_KERNEL = Set.of("exit", "panic");

    /**
     * What a command's parser says, after the command's name, of arguments it refuses; or the
     * shell, of a line it cannot run.
     */
    private static final Pattern REFUSED =
            Pattern.compile(
                    "(\\S+: .*(usage: |unknown (option|subcommand|arguments|capability|restart"
                            + " policy)|takes no arguments|missing argument|too many arguments"
                            + "|is not a PID|must be a whole number|is not a memory size"
                            + "|is not a positive duration)"
                            + "|unknown command|no process started yet|unterminated).*");

    private static BootedKernel k;

    @BeforeAll
    static void boot() throws Exception {
        var registry = new Registry();
        BlockPort disk = new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        registry.put(BlockDevices.class, () -> CompletableFuture.completedFuture(disk));
        k =
                BootedKernel.boot(
                        2,
                        registry,
                        Services.ordered().stream()
                                .filter(p -> !(p instanceof ShellServices))
                                .toArray(ServiceProvider[]::new));
        k.sh("run idle"); // so that $! names a process
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCommandHasAnExampleThatHelpShowsAndItsParserTakes() {
        var commands = List.copyOf(ShellCommands.loaded().all());
        var names = commands.stream().map(ShellCommand::name).toList();
        assertTrue(
                names.containsAll(
                        List.of("run", "help", "ls", "kv", "image", "wasm", "blk", "net", "rng")),
                "the commands of every module are loaded: " + names);
        return commands.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(ShellCommand c) throws Exception {
        assertFalse(c.examples().isEmpty(), c.name() + " has no example");
        List<String> help = k.sh("help " + c.name());
        assertEquals(c.usageLine(), help.getFirst());
        for (ShellCommand.Example e : c.examples()) {
            List<String> words = CommandLine.split(e.line());
            assertEquals(c.name(), words.getFirst(), "'" + e.line() + "' starts with its name");
            assertFalse(e.effect().isBlank(), "'" + e.line() + "' says what it does");
            assertTrue(
                    Pattern.compile(
                                    "^  "
                                            + Pattern.quote(e.line())
                                            + "( +|\n +)"
                                            + Pattern.quote(e.effect())
                                            + "$",
                                    Pattern.MULTILINE)
                            .matcher(String.join("\n", help))
                            .find(),
                    "help " + c.name() + " shows '" + e.line() + "': " + help);
            for (String w : words) {
                if (w.startsWith("--caps=")) {
                    var caps = w.substring("--caps=".length());
                    assertDoesNotThrow(
                            () ->
                                    k.kernel
                                            .capabilities()
                                            .grant(
                                                    caps.equals("none")
                                                            ? List.of()
                                                            : Arrays.asList(caps.split(","))),
                            e.line());
                }
            }
            if (!ENDS_THE_KERNEL.contains(c.name())) {
                List<String> out = k.sh(e.line());
                assertTrue(
                        out.stream().noneMatch(l -> refused(c.name(), l)),
                        "'" + e.line() + "' is refused: " + out);
            }
        }
    }

    private static boolean refused(String name, String line) {
        return REFUSED.matcher(line).matches()
                && (line.startsWith(name + ": ") || !line.matches("\\S+: .*"));
    }
}
