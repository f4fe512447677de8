package honk.board.block;

import honk.actors.kernel.BoardPort;
import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellException;
import honk.board.linux.LinuxBlockDevice;
import honk.storage.block.BlockDriver;
import honk.storage.block.BlockPort;
import honk.storage.block.OtherDisks;
import honk.storage.block.PrimaryDisk;
import honk.supervision.ServiceHandle;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shell's {@code blk} command, contributed by this module because the devices and their I/O
 * live here: {@code blk} lists the board's block devices, {@code blk test} runs {@link
 * BlockSelfTest} on the primary one. The I/O runs on a platform thread of its own, never on a
 * dispatcher thread: a blocking FFM downcall would hold a dispatcher thread (or pin a virtual
 * thread's carrier) for as long as the device takes.
 */
public final class BlockCommands implements ShellCommandProvider {
    private static final String FORMAT = "%-10s %-10s %10s %6s %-8s %s";

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "blk",
                                "[test]",
                                "block devices; 'blk test' overwrites the LAST 1 MiB of the primary"
                                        + " one with a pattern, reads it back",
                                (ctx, args) ->
                                        run(
                                                ctx.board(),
                                                ctx.registry().get(PrimaryDisk.class),
                                                ctx.registry().get(OtherDisks.class),
                                                args))
                        .withExample("blk", "the devices, and each driver's I/O since boot")
                        .withExample("blk test", "write the primary's last MiB, read it back"));
    }

    /** {@code blk} and {@code blk test} on {@code board}, opening the devices directly. */
    static CompletionStage<String> run(BoardPort board, List<String> args) {
        return run(board, Optional.empty(), Optional.empty(), args);
    }

    /**
     * {@code blk} and {@code blk test} on {@code board}; with storage running ({@code disk}, and
     * the other devices' drivers), the listing adds each driver actor's counts and the self-test
     * goes through the primary device's driver.
     */
    static CompletionStage<String> run(
            BoardPort board,
            Optional<PrimaryDisk> disk,
            Optional<OtherDisks> others,
            List<String> args) {
        if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("test"))) {
            throw new ShellException(
                    "blk: unknown arguments '"
                            + String.join(" ", args)
                            + "'; usage: blk (list the devices) or blk test (self-test on the"
                            + " primary device)");
        }
        if (!(board instanceof BlockBoard blocks)) {
            throw new ShellException("blk: the " + board.name() + " board has no block devices");
        }
        if (args.isEmpty()) {
            CompletionStage<String> table = blocks.blockDevices().thenApply(BlockCommands::table);
            return disk.map(d -> table.thenCombine(stats(d, others), (t, s) -> t + "\n" + s))
                    .orElse(table);
        }
        return blocks.blockDevices().thenCompose(devices -> selfTest(devices, disk));
    }

    /** One line per driver actor (the primary device's first): what it has done since boot. */
    private static CompletionStage<String> stats(PrimaryDisk disk, Optional<OtherDisks> others) {
        CompletionStage<String> lines = stats(disk.driver());
        for (var driver : others.map(o -> o.drivers().values()).orElse(List.of())) {
            lines = lines.thenCombine(stats(driver), (a, b) -> a + "\n" + b);
        }
        return lines;
    }

    private static CompletionStage<String> stats(ServiceHandle<BlockDriver.Command> driver) {
        var reply = new CompletableFuture<BlockDriver.Stats>();
        driver.tell(new BlockDriver.GetStats(reply));
        return reply.completeOnTimeout(null, 10, java.util.concurrent.TimeUnit.SECONDS)
                .thenApply(s ->
                        s == null
                                ? "driver " + driver.name() + ": did not answer in 10 s"
                                : String.format(
                                        Locale.ROOT,
                                        "driver %s: %d reads (%s), %d writes (%s), %d flushes, %d"
                                                + " errors since boot",
                                        s.device().split(" ", 2)[0],
                                        s.reads(),
                                        LinuxBlockDevice.size(s.bytesRead()),
                                        s.writes(),
                                        LinuxBlockDevice.size(s.bytesWritten()),
                                        s.flushes(),
                                        s.errors()));
    }

    static String table(List<BlockDeviceInfo> devices) {
        if (devices.isEmpty()) {
            return "blk: no block devices (" + BlockBoard.HOW_TO_ATTACH + ")";
        }
        var out =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                FORMAT,
                                "NAME",
                                "KIND",
                                "SIZE",
                                "BLOCK",
                                "ROLE",
                                "PATH"));
        for (var d : devices) {
            out.append('\n')
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    FORMAT,
                                    d.name(),
                                    d.kind().label(),
                                    LinuxBlockDevice.size(d.sizeBytes()),
                                    d.blockSize(),
                                    d.primary() ? "primary" : "-",
                                    d.path()));
        }
        return out.toString();
    }

    private static CompletionStage<String> selfTest(
            List<BlockDeviceInfo> devices, Optional<PrimaryDisk> disk) {
        if (devices.isEmpty()) {
            throw new ShellException(
                    "blk test: no block device to test (" + BlockBoard.HOW_TO_ATTACH + ")");
        }
        BlockDeviceInfo primary = devices.get(0);
        if (primary.sizeBytes() < BlockSelfTest.SCRATCH_BYTES) {
            throw new ShellException(
                    "blk test: "
                            + primary.name()
                            + " is too small: "
                            + LinuxBlockDevice.size(primary.sizeBytes())
                            + ", the self-test needs at least "
                            + LinuxBlockDevice.size(BlockSelfTest.SCRATCH_BYTES));
        }
        String token = String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
        var result = new CompletableFuture<String>();
        Thread.ofPlatform()
                .name("blk-test")
                .daemon(true)
                .start(() -> {
                    if (disk.isPresent()) { // storage owns the primary device: go through its
                        // driver actor
                        try {
                            BlockPort port =
                                    disk.get()
                                            .port()
                                            .toCompletableFuture()
                                            .get(60, java.util.concurrent.TimeUnit.SECONDS);
                            result.complete(
                                    BlockSelfTest.run(port, primary.name(), token)
                                            + "\nblk test: through the driver actor");
                        } catch (IOException | IllegalArgumentException e) {
                            result.completeExceptionally(
                                    new ShellException("blk test: " + e.getMessage()));
                        } catch (Exception e) {
                            Throwable why =
                                    e instanceof java.util.concurrent.ExecutionException
                                                    && e.getCause() != null
                                            ? e.getCause()
                                            : e;
                            result.completeExceptionally(
                                    new ShellException(
                                            "blk test: the primary device is not available: "
                                                    + (why
                                                                    instanceof
                                                                    java.util.concurrent
                                                                            .TimeoutException
                                                            ? "it did not open in 60 s"
                                                            : why.getMessage())));
                        }
                        return;
                    }
                    try (LinuxBlockDevice device = primary.open()) {
                        result.complete(BlockSelfTest.run(device, primary.name(), token));
                    } catch (IOException | IllegalArgumentException e) {
                        result.completeExceptionally(
                                new ShellException("blk test: " + e.getMessage()));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                });
        return result;
    }
}
