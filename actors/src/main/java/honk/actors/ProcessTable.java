package honk.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process table: owns PID allocation (monotonic, never reused while the system runs) and routes
 * each PID to the shard actor that owns that process ({@code pid % shards}). Thread-safe; the state
 * lives in the shards, so every answer comes from the live actors.
 */
public final class ProcessTable {
    /** How long a query waits for a shard; a shard that does not answer in this time is wedged. */
    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final List<ActorRef<ProcessShard.Command>> shards;
    private final Scheduler scheduler;
    private final AtomicLong lastPid = new AtomicLong();

    public ProcessTable(List<ActorRef<ProcessShard.Command>> shards, Scheduler scheduler) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("the process table needs at least one shard");
        }
        this.shards = List.copyOf(shards);
        this.scheduler = scheduler;
    }

    public int shardCount() {
        return shards.size();
    }

    private ActorRef<ProcessShard.Command> shardOf(long pid) {
        return shards.get((int) (pid % shards.size()));
    }

    /**
     * Allocates a PID and starts the process asynchronously; messages sent to the PID after this
     * call are ordered after the spawn.
     */
    public long spawn(SpawnSpec spec) {
        long pid = lastPid.incrementAndGet();
        shardOf(pid).tell(new ProcessShard.Spawn(pid, spec));
        return pid;
    }

    /** The highest PID handed out so far. */
    public long lastPid() {
        return lastPid.get();
    }

    /** Fire-and-forget delivery, as Erlang's {@code !}. */
    public void tell(long pid, ProcessMessage message) {
        shardOf(pid).tell(new ProcessShard.Deliver(pid, message, null));
    }

    public CompletionStage<ProcessShard.Delivery> send(long pid, ProcessMessage message) {
        return AskPattern.ask(
                shardOf(pid),
                r -> new ProcessShard.Deliver(pid, message, r),
                ASK_TIMEOUT,
                scheduler);
    }

    public CompletionStage<ProcessShard.KillResult> kill(long pid) {
        return AskPattern.ask(
                shardOf(pid), r -> new ProcessShard.Kill(pid, r), ASK_TIMEOUT, scheduler);
    }

    public CompletionStage<Optional<ProcessInfo>> get(long pid) {
        return AskPattern.ask(
                shardOf(pid), r -> new ProcessShard.Get(pid, r), ASK_TIMEOUT, scheduler);
    }

    /**
     * Waits (up to {@code timeout}) until the process has ended; empty if there is no such process.
     */
    public CompletionStage<Optional<ProcessInfo>> awaitExit(long pid, Duration timeout) {
        return AskPattern.ask(
                shardOf(pid), r -> new ProcessShard.AwaitExit(pid, r), timeout, scheduler);
    }

    /** Every process of every shard, by PID. */
    public CompletionStage<List<ProcessInfo>> list() {
        var parts = new ArrayList<CompletableFuture<List<ProcessInfo>>>();
        for (var shard : shards) {
            parts.add(
                    AskPattern.ask(shard, ProcessShard.ListAll::new, ASK_TIMEOUT, scheduler)
                            .toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    var all = new ArrayList<ProcessInfo>();
                    parts.forEach(p -> all.addAll(p.join()));
                    all.sort(Comparator.comparingLong(ProcessInfo::pid));
                    return all;
                });
    }

    /** Drops the records of every ended process; the count reaped. */
    public CompletionStage<Integer> reap() {
        var parts = new ArrayList<CompletableFuture<Integer>>();
        for (var shard : shards) {
            parts.add(
                    AskPattern.ask(shard, ProcessShard.Reap::new, ASK_TIMEOUT, scheduler)
                            .toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> parts.stream().mapToInt(CompletableFuture::join).sum());
    }
}
