package honk.board.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import honk.actors.kernel.FakeBoard;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellException;
import honk.board.host.HostBoard;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code blk} and {@code blk test} on the host board with disk-image files. */
@Timeout(60)
class BlockCommandsTest {
    @TempDir Path dir;

    @BeforeAll
    static void onLinux() {
        assumeTrue(
                System.getProperty("os.name").equals("Linux"),
                "the devices are opened through Linux calls");
    }

    private Path image(String name, long bytes) throws IOException {
        Path p = dir.resolve(name);
        try (var f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    private static String run(Object board, String... args) throws Exception {
        return BlockCommands.run((honk.actors.kernel.BoardPort) board, List.of(args))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** The one-line error a failed command shows. */
    private static String error(Object board, String... args) {
        try {
            run(board, args);
        } catch (ShellException e) {
            return e.getMessage();
        } catch (Exception e) {
            Throwable t = e.getCause();
            while (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof ShellException) {
                return t.getMessage();
            }
            throw new AssertionError("not a shell error", e);
        }
        throw new AssertionError("blk " + String.join(" ", args) + " did not fail");
    }

    @Test
    void blkIsContributedToTheShellByThisModule() {
        assertTrue(
                ServiceLoader.load(ShellCommandProvider.class).stream()
                        .anyMatch(p -> p.type() == BlockCommands.class));
    }

    @Test
    void blkListsTheFilesWithThePrimaryFirst() throws Exception {
        Path a = image("a.img", 64L << 20);
        Path b = image("b.img", 8L << 20);
        String out = run(new HostBoard(List.of(a, b)));
        String[] lines = out.split("\n");
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].matches("NAME +KIND +SIZE +BLOCK +ROLE +PATH"), lines[0]);
        assertTrue(
                lines[1].matches(
                        "a\\.img +file +64\\.0 MiB +4096 +primary +" + Pattern.quote(a.toString())),
                lines[1]);
        assertTrue(
                lines[2].matches(
                        "b\\.img +file +8\\.0 MiB +4096 +- +" + Pattern.quote(b.toString())),
                lines[2]);
    }

    @Test
    void blkTestLeavesThePatternItReportsInTheLastMibOfTheFile() throws Exception {
        Path a = image("a.img", 4L << 20);
        String out = run(new HostBoard(List.of(a)), "test");
        Matcher m =
                Pattern.compile(
                                "^blk test: OK a\\.img: 1\\.0 MiB at blocks 768\\.\\.1023 \\(the"
                                        + " last MiB\\), pattern ([0-9a-f]{8}): ")
                        .matcher(out);
        assertTrue(m.find(), out);
        byte[] file = Files.readAllBytes(a);
        assertArrayEquals(
                BlockSelfTest.pattern(m.group(1)),
                Arrays.copyOfRange(file, file.length - (1 << 20), file.length));
        assertArrayEquals(
                new byte[3 << 20],
                Arrays.copyOf(file, 3 << 20),
                "nothing before the scratch area is touched");
        assertTrue(
                out.contains("\nblk test: device " + a + " (file, 4.0 MiB, 4096-byte blocks, "),
                out);
    }

    @Test
    void withoutDevicesBlkSaysHowToAttachOne() throws Exception {
        assertTrue(
                run(new HostBoard())
                        .startsWith("blk: no block devices (attach one: scripts/run --disk FILE"));
        assertTrue(
                error(new HostBoard(), "test")
                        .startsWith("blk test: no block device to test (attach one: "));
    }

    @Test
    void aBoardWithoutBlockDevicesSaysSo() {
        assertEquals("blk: the fake board has no block devices", error(new FakeBoard(1)));
    }

    @Test
    void aDeviceSmallerThanTheScratchAreaIsRefused() throws Exception {
        Path small = image("small.img", 512 << 10);
        assertEquals(
                "blk test: small.img is too small: 512.0 KiB, the self-test needs at least 1.0 MiB",
                error(new HostBoard(List.of(small)), "test"));
    }

    @Test
    void aDiskThatVanishedFailsWithItsPathAndTheKernelsReason() throws Exception {
        Path gone = image("gone.img", 2L << 20);
        var board = new HostBoard(List.of(gone));
        Files.delete(gone);
        String e = error(board, "test");
        assertTrue(e.startsWith("blk test: " + gone + ": open("), e);
        assertTrue(e.endsWith("(No such file or directory)"), e);
    }

    @Test
    void unknownArgumentsGetTheUsage() {
        assertEquals(
                "blk: unknown arguments 'tset'; usage: blk (list the devices) or blk test"
                        + " (self-test on the primary device)",
                error(new HostBoard(), "tset"));
        assertThrows(
                ShellException.class,
                () -> BlockCommands.run(new HostBoard(), List.of("test", "now")));
    }

    @Test
    void thePrimaryDeviceOpensForStorage() throws Exception {
        Path a = image("a.img", 2L << 20);
        try (var dev =
                (honk.board.linux.LinuxBlockDevice)
                        new HostBoard(List.of(a, image("b.img", 4L << 20)))
                                .openPrimary()
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)) {
            assertEquals(512, dev.blockCount());
            assertTrue(
                    dev.describe().startsWith(a + " (file, 2.0 MiB, 4096-byte blocks, "),
                    dev.describe());
        }
    }

    @Test
    void withoutADeviceOpeningThePrimaryFailsSayingHowToAttachOne() {
        var e =
                assertThrows(
                        java.util.concurrent.ExecutionException.class,
                        () ->
                                new HostBoard()
                                        .openPrimary()
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.toString());
        assertTrue(
                e.getCause().getMessage().startsWith("no block device (attach one: "),
                e.getCause().getMessage());
    }
}
