package honk.storage.kv;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

import honk.storage.block.BlockPort;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The KV store's appender: the one actor that writes the log. Writes queue up in its mailbox while
 * a batch is on the device; each {@code Drain} takes everything queued as one batch (the group
 * commit: one device write and one flush), and every writer hears back only after that flush. Reads
 * do not come here: {@link KvReader} reads the log's published index directly.
 *
 * <p>The store opens once its device is there (the board finds block devices after the prompt);
 * until then writes wait in the mailbox. A failed write or flush is fatal: the batch's writers are
 * told it was not written, and the actor fails so that its supervisor restarts it, which reopens
 * the log from disk. A store that is full rejects the batch (each write is then tried alone) and
 * carries on. Run it on a dispatcher for blocking I/O.
 */
public final class KvStore {
    public sealed interface Command {}

    /** Puts or deletes (as {@link KvOp}); the reply comes after the flush. */
    public record Write(KvOp op, ActorRef<Result> replyTo) implements Command {}

    /** Clears every key, crash-safely (after the writes queued before it). */
    public record Reset(ActorRef<Result> replyTo) implements Command {}

    /** Rewrites the live set into the other region now. */
    public record Compact(ActorRef<Result> replyTo) implements Command {}

    private record Drain() implements Command {}

    private record Opened(KvLog log) implements Command {}

    private record OpenFailed(Throwable cause) implements Command {}

    public sealed interface Result {}

    public record Done() implements Result {}

    public record Failed(String reason) implements Result {}

    private record Pending(KvOp op, ActorRef<Result> replyTo) {}

    private final ActorContext<Command> ctx;
    private final AtomicReference<KvLog> published; // the reader's view of the open log
    private final AtomicReference<String> unavailableFor; // the reader's view of why it cannot open
    private final CompletableFuture<Void> settled; // first open or failure, for the boot
    // actor-confined
    private KvLog log;
    private String unavailable; // why there is no log, once opening failed
    private final List<Pending> pending = new ArrayList<>();
    private final List<Command> early = new ArrayList<>(); // Reset/Compact before the log opened
    private boolean drainQueued;

    private KvStore(
            ActorContext<Command> ctx,
            AtomicReference<KvLog> published,
            AtomicReference<String> unavailableFor,
            CompletableFuture<Void> settled) {
        this.ctx = ctx;
        this.published = published;
        this.unavailableFor = unavailableFor;
        this.settled = settled;
    }

    /**
     * The appender for the store on {@code device} (formatted when blank), publishing the open log
     * to {@code published} for readers.
     */
    public static Behavior<Command> create(
            CompletionStage<BlockPort> device,
            LongSupplier nonces,
            AtomicReference<KvLog> published) {
        return create(device, nonces, published, new AtomicReference<>());
    }

    /**
     * As above, also publishing to {@code unavailableFor} why the store cannot be opened, for
     * readers.
     */
    public static Behavior<Command> create(
            CompletionStage<BlockPort> device,
            LongSupplier nonces,
            AtomicReference<KvLog> published,
            AtomicReference<String> unavailableFor) {
        return create(device, nonces, published, unavailableFor, new CompletableFuture<>());
    }

    /**
     * As above; {@code settled} completes when the store first opens, or fails with why it cannot
     * (the boot's readiness waits for it).
     */
    public static Behavior<Command> create(
            CompletionStage<BlockPort> device,
            LongSupplier nonces,
            AtomicReference<KvLog> published,
            AtomicReference<String> unavailableFor,
            CompletableFuture<Void> settled) {
        return Behaviors.setup(ctx -> {
            // The open reads the whole log through the device's driver: a task of its own on this
            // actor's (blocking) dispatcher, so that the appender is up, and queues writes,
            // meanwhile.
            ctx.pipeToSelf(
                    device.thenApplyAsync(
                            port -> {
                                try {
                                    return KvLog.openOrFormat(port, nonces);
                                } catch (IOException e) {
                                    throw new java.util.concurrent.CompletionException(e);
                                }
                            },
                            ctx.getExecutionContext()),
                    (opened, failure) ->
                            failure == null ? new Opened(opened) : new OpenFailed(failure));
            return new KvStore(ctx, published, unavailableFor, settled).behavior();
        });
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Opened.class, this::onOpened)
                .onMessage(OpenFailed.class, this::onOpenFailed)
                .onMessage(Write.class, this::onWrite)
                .onMessage(Drain.class, d -> drain())
                .onMessage(Reset.class, this::onReset)
                .onMessage(Compact.class, this::onCompact)
                .build();
    }

    private Behavior<Command> onOpened(Opened o) {
        log = o.log();
        unavailableFor.set(null);
        published.set(log);
        settled.complete(null);
        early.forEach(c -> ctx.getSelf().tell(c));
        early.clear();
        return drain();
    }

    private Behavior<Command> onOpenFailed(OpenFailed f) {
        Throwable cause =
                f.cause() instanceof java.util.concurrent.CompletionException c
                                && c.getCause() != null
                        ? c.getCause()
                        : f.cause();
        unavailable = "the KV store is unavailable: " + cause.getMessage();
        unavailableFor.set(unavailable);
        settled.completeExceptionally(cause);
        pending.forEach(p -> p.replyTo().tell(new Failed(unavailable)));
        pending.clear();
        early.forEach(c -> replyTo(c).tell(new Failed(unavailable)));
        early.clear();
        return Behaviors.same();
    }

    private Behavior<Command> onWrite(Write w) {
        if (unavailable != null) {
            w.replyTo().tell(new Failed(unavailable));
            return Behaviors.same();
        }
        pending.add(new Pending(w.op(), w.replyTo()));
        if (log != null && !drainQueued) {
            drainQueued = true;
            ctx.getSelf().tell(new Drain());
        }
        return Behaviors.same();
    }

    /** Commits everything queued as one batch. */
    private Behavior<Command> drain() {
        drainQueued = false;
        if (log == null || pending.isEmpty()) {
            return Behaviors.same();
        }
        var batch = new ArrayList<>(pending);
        pending.clear();
        try {
            commit(batch);
        } catch (KvException.Full full) {
            if (batch.size() == 1) {
                batch.getFirst().replyTo().tell(new Failed(full.getMessage()));
            } else {
                for (Pending p : batch) { // one write too many should not sink the others
                    try {
                        commit(List.of(p));
                    } catch (KvException.Full alone) {
                        p.replyTo().tell(new Failed(alone.getMessage()));
                    }
                }
            }
        }
        return Behaviors.same();
    }

    private void commit(List<Pending> batch) throws KvException.Full {
        try {
            log.commit(batch.stream().map(Pending::op).toList());
        } catch (KvException.Full e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            fail(batch, e);
        }
        batch.forEach(p -> p.replyTo().tell(new Done()));
    }

    /**
     * A device failure: tell the writers, then crash so that the supervisor reopens the log from
     * disk.
     */
    private void fail(List<Pending> batch, Exception e) {
        String reason =
                "storage error: "
                        + e.getMessage()
                        + "; not written (the store restarts and recovers from disk)";
        batch.forEach(p -> p.replyTo().tell(new Failed(reason)));
        pending.forEach(p -> p.replyTo().tell(new Failed(reason)));
        pending.clear();
        published.set(null);
        throw new IllegalStateException("KV store device failure: " + e.getMessage(), e);
    }

    private Behavior<Command> onReset(Reset r) {
        return whole(r, r.replyTo(), () -> log.reset());
    }

    private Behavior<Command> onCompact(Compact c) {
        return whole(c, c.replyTo(), () -> log.compact());
    }

    private interface LogAction {
        void run() throws IOException;
    }

    /** Runs a whole-store action after the writes queued before it. */
    private Behavior<Command> whole(Command command, ActorRef<Result> replyTo, LogAction action) {
        if (unavailable != null) {
            replyTo.tell(new Failed(unavailable));
            return Behaviors.same();
        }
        if (log == null) {
            early.add(command);
            return Behaviors.same();
        }
        drain();
        try {
            action.run();
            replyTo.tell(new Done());
        } catch (KvException.Full e) {
            replyTo.tell(new Failed(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            replyTo.tell(new Failed("storage error: " + e.getMessage()));
            fail(List.of(), e);
        }
        return Behaviors.same();
    }

    private static ActorRef<Result> replyTo(Command c) {
        return switch (c) {
            case Reset r -> r.replyTo();
            case Compact c2 -> c2.replyTo();
            default -> throw new IllegalArgumentException("no reply address in " + c);
        };
    }
}
