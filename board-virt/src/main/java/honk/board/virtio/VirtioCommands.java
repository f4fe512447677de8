package honk.board.virtio;

import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellContext;
import honk.actors.shell.ShellException;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The shell's commands for honk's own virtio drivers: {@code rng N} prints N bytes from the
 * virtio-rng device, {@code p9probe} runs a raw 9P handshake over the virtio-9p device tagged
 * {@code host}. Both exist on the virt board only.
 */
public final class VirtioCommands implements ShellCommandProvider {
    /** Bound on what {@code rng} prints: 1 KiB is 2048 hex digits, enough to look at. */
    static final int RNG_MAX = 1024;

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "rng",
                                "N",
                                "N random bytes (1.."
                                        + RNG_MAX
                                        + ") in hex from honk's virtio-rng driver",
                                VirtioCommands::rng)
                        .withExample("rng 16", "16 random bytes, in hex (virt board)"),
                ShellCommand.ofAsync(
                                "p9probe",
                                "",
                                "a raw 9P handshake with the 'host' share over honk's virtio-9p"
                                        + " driver",
                                VirtioCommands::p9probe)
                        .withExample("p9probe", "version, attach, walk on the share (virt board)"),
                ShellCommand.ofAsync(
                                "p9bench",
                                "FILE TAG [ROUNDS]",
                                "read host FILE through honk's 9p and the kernel's (9p device TAG),"
                                        + " ROUNDS times (scripts/bench 9p)",
                                VirtioCommands::p9bench)
                        .withExample(
                                "p9bench big.bin kernel 3",
                                "read big.bin three times each way (virt board)"));
    }

    static CompletionStage<String> rng(ShellContext ctx, List<String> args) {
        if (args.size() != 1
                || !args.get(0).matches("[0-9]{1,9}")
                || Integer.parseInt(args.get(0)) < 1
                || Integer.parseInt(args.get(0)) > RNG_MAX) {
            throw new ShellException(
                    "rng: give the number of bytes, 1.." + RNG_MAX + "; usage: rng N");
        }
        int n = Integer.parseInt(args.get(0));
        VirtioDrivers drivers = drivers(ctx, "rng");
        var reply = new CompletableFuture<byte[]>();
        drivers.rng().tell(new RngDriver.Read(n, reply));
        return reply.handle((bytes, e) -> {
            if (e != null) {
                throw new ShellException("rng: " + cause(e).getMessage());
            }
            return HexFormat.of().formatHex(bytes);
        });
    }

    static CompletionStage<String> p9probe(ShellContext ctx, List<String> args) {
        if (!args.isEmpty()) {
            throw new ShellException("p9probe: takes no arguments; usage: p9probe");
        }
        return NineProbe.run(drivers(ctx, "p9probe").hostShare().get())
                .handle((line, e) -> {
                    if (e != null) {
                        throw new ShellException("p9probe: " + cause(e).getMessage());
                    }
                    return line;
                });
    }

    static CompletionStage<String> p9bench(ShellContext ctx, List<String> args) {
        if (args.size() < 2
                || args.size() > 3
                || (args.size() == 3 && !args.get(2).matches("[1-9][0-9]?"))) {
            throw new ShellException("p9bench: usage: p9bench FILE TAG [ROUNDS 1..99]");
        }
        if (!args.get(0).matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")
                || args.get(0).contains("..")) {
            throw new ShellException(
                    "p9bench: FILE is a relative path in the share, like big.bin or dir/big.bin");
        }
        var share = drivers(ctx, "p9bench").hostShare();
        int rounds = args.size() == 3 ? Integer.parseInt(args.get(2)) : 1;
        var result = new CompletableFuture<String>();
        Thread.ofPlatform()
                .name("p9bench")
                .daemon(true)
                .start(() -> { // blocking reads: off the dispatcher
                    try {
                        result.complete(NineBench.run(share, args.get(0), args.get(1), rounds));
                    } catch (Exception e) {
                        result.completeExceptionally(
                                new ShellException("p9bench: " + e.getMessage()));
                    }
                });
        return result;
    }

    private static VirtioDrivers drivers(ShellContext ctx, String command) {
        return ctx.registry()
                .get(VirtioDrivers.class)
                .orElseThrow(() ->
                        new ShellException(
                                command
                                        + ": honk's virtio drivers run on the virt board only; this"
                                        + " is the "
                                        + ctx.board().name()
                                        + " board (boot under QEMU: scripts/run)"));
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
