package honk.storage.block;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;

import honk.supervision.KeptStash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The driver actor of one block device: it owns the device's {@link BlockPort}, and every read,
 * write and flush of every user (the KV store, the core, {@code blk test}) is a message to it, so
 * I/O to the device is serialized in one place and counted there. Each request completes its
 * caller's future when the device has answered: the completion is the reply. A failed read, write
 * or flush fails that request only (and a failed flush is the issuer's to treat as fatal); a bug
 * (an unexpected exception) fails the request and crashes the driver, whose supervisor restarts it
 * over the same device. Until the device is there, requests wait; if it never comes, they fail with
 * the reason. Runs on the blocking dispatcher: the port's calls block.
 */
public final class BlockDriver {
    /** Bound on requests waiting for the device to open. */
    static final int WAITING = 4096;

    public sealed interface Command {}

    /**
     * Fills {@code dst} from its position to its limit (whole blocks) with the blocks at {@code
     * block}.
     */
    public record Read(long block, ByteBuffer dst, CompletableFuture<Void> done)
            implements Command {}

    /**
     * Writes {@code src} from its position to its limit (whole blocks) to the blocks at {@code
     * block}.
     */
    public record Write(long block, ByteBuffer src, CompletableFuture<Void> done)
            implements Command {}

    /** Makes every completed write durable. */
    public record Flush(CompletableFuture<Void> done) implements Command {}

    /** Completes {@code reply} with the driver's counts. */
    public record GetStats(CompletableFuture<Stats> reply) implements Command {}

    private record Opened(BlockPort device) implements Command {}

    private record NotOpened(Throwable cause) implements Command {}

    /** What the driver has done since boot (the counts survive its restarts). */
    public record Stats(
            String device,
            long reads,
            long writes,
            long flushes,
            long bytesRead,
            long bytesWritten,
            long errors) {}

    /**
     * The driver over {@code device}, which may still be opening; {@code counts} outlives restarts.
     */
    public static Behavior<Command> create(CompletionStage<BlockPort> device, Counts counts) {
        // The requests that wait for the device outlive a restart in place: a crash while they are
        // handed to the opened driver leaves the ones not yet taken for the next incarnation.
        return KeptStash.withStash(
                WAITING,
                stash ->
                        Behaviors.setup(ctx -> {
                            ctx.pipeToSelf(
                                    device,
                                    (port, failure) ->
                                            failure == null
                                                    ? new Opened(port)
                                                    : new NotOpened(cause(failure)));
                            return opening(ctx, stash, counts);
                        }));
    }

    private static Behavior<Command> opening(
            ActorContext<Command> ctx, StashBuffer<Command> stash, Counts counts) {
        return Behaviors.receive(Command.class)
                .onMessage(
                        Opened.class,
                        o -> stash.unstashAll(new BlockDriver(o.device(), counts).open()))
                .onMessage(NotOpened.class, n -> stash.unstashAll(absent(n.cause())))
                .onMessage(
                        GetStats.class,
                        g -> {
                            g.reply().complete(counts.snapshot("(opening)"));
                            return Behaviors.same();
                        })
                .onAnyMessage(m -> {
                    if (stash.isFull()) {
                        fail(
                                m,
                                new IOException(
                                        "the block device is still opening and "
                                                + WAITING
                                                + " requests wait already"));
                    } else {
                        stash.stash(m);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** No device: every request fails with why. */
    private static Behavior<Command> absent(Throwable why) {
        return Behaviors.receive(Command.class)
                .onMessage(
                        GetStats.class,
                        g -> {
                            g.reply()
                                    .complete(
                                            new Stats(
                                                    "none: " + why.getMessage(), 0, 0, 0, 0, 0, 0));
                            return Behaviors.same();
                        })
                .onAnyMessage(m -> {
                    fail(m, new IOException("no block device: " + why.getMessage(), why));
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Counters shared by a driver's incarnations. Written by the driver only; read through {@link
     * GetStats}.
     */
    public static final class Counts {
        private long reads;
        private long writes;
        private long flushes;
        private long bytesRead;
        private long bytesWritten;
        private long errors;

        Stats snapshot(String device) {
            return new Stats(device, reads, writes, flushes, bytesRead, bytesWritten, errors);
        }
    }

    // actor-confined
    private final BlockPort device;
    private final Counts counts;

    private BlockDriver(BlockPort device, Counts counts) {
        this.device = device;
        this.counts = counts;
    }

    private Behavior<Command> open() {
        return Behaviors.receive(Command.class)
                .onMessage(
                        Read.class,
                        r ->
                                io(
                                        r.done(),
                                        () -> {
                                            int bytes = r.dst().remaining();
                                            device.read(r.block(), r.dst());
                                            counts.reads++;
                                            counts.bytesRead += bytes;
                                        }))
                .onMessage(
                        Write.class,
                        w ->
                                io(
                                        w.done(),
                                        () -> {
                                            int bytes = w.src().remaining();
                                            device.write(w.block(), w.src());
                                            counts.writes++;
                                            counts.bytesWritten += bytes;
                                        }))
                .onMessage(
                        Flush.class,
                        f ->
                                io(
                                        f.done(),
                                        () -> {
                                            device.flush();
                                            counts.flushes++;
                                        }))
                .onMessage(
                        GetStats.class,
                        g -> {
                            g.reply().complete(counts.snapshot(device.describe()));
                            return Behaviors.same();
                        })
                .build();
    }

    private interface Io {
        void run() throws IOException;
    }

    private Behavior<Command> io(CompletableFuture<Void> done, Io io) {
        try {
            io.run();
            done.complete(null);
        } catch (IOException
                | IllegalArgumentException
                        e) { // the device refused, or the request was out of range
            counts.errors++;
            done.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            counts.errors++;
            done.completeExceptionally(new IOException("the block driver crashed: " + e, e));
            throw e; // a bug: the supervisor restarts the driver
        }
        return Behaviors.same();
    }

    private static void fail(Command m, IOException why) {
        switch (m) {
            case Read r -> r.done().completeExceptionally(why);
            case Write w -> w.done().completeExceptionally(why);
            case Flush f -> f.done().completeExceptionally(why);
            default -> {
                // nothing waits on it
            }
        }
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
