package honk.actors.shell;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.ProcessTable;
import honk.actors.Program;
import honk.actors.Text;
import honk.actors.kernel.BoardPort;

import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One {@code stress} run: N ephemeral processes that each note the hart they started on, take one
 * message and exit: the workload {@code scripts/bench procs} measures as spawn + message + exit, so
 * the two per-process figures are the same cost (the benchmark's a warmed-up median of large runs,
 * this one a single run, cold for small N). Thread-safe: the probes run on every dispatcher thread
 * at once.
 */
public final class StressRun {
    private final int total;
    private final long workNanos;
    private final AtomicInteger remaining;
    private final AtomicLongArray perHart; // index = hart; last slot = "unknown"
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Result> done = new CompletableFuture<>();

    /**
     * Spawns {@code n} ephemeral probe processes into {@code table}; completes when every one has
     * ended.
     */
    public static CompletableFuture<Result> spawn(BoardPort board, ProcessTable table, int n) {
        return spawn(board, table, n, 0);
    }

    /**
     * As {@link #spawn(BoardPort, ProcessTable, int)}, each probe first busy for {@code
     * workMicros}: the boot's SMP check gives probes some work so that every dispatcher thread is
     * kept busy.
     */
    public static CompletableFuture<Result> spawn(
            BoardPort board, ProcessTable table, int n, int workMicros) {
        var run = new StressRun(n, board.harts(), workMicros);
        Program probe = run.probe(board);
        var spec = honk.actors.SpawnSpec.of(probe, java.util.List.of()).asEphemeral();
        var go = new Text("go");
        for (int i = 0; i < n; i++) {
            table.tell(table.spawn(spec), go);
        }
        return run.done();
    }

    StressRun(int total, int harts) {
        this(total, harts, 0);
    }

    StressRun(int total, int harts, int workMicros) {
        this.workNanos = workMicros * 1000L;
        this.total = total;
        this.remaining = new AtomicInteger(total);
        this.perHart = new AtomicLongArray(Math.max(1, harts) + 1);
    }

    Program probe(BoardPort board) {
        return new Program() {
            public String name() {
                return "stress";
            }

            public String summary() {
                return "notes its hart and exits";
            }

            public boolean listed() {
                return false;
            }

            public Behavior<ProcessMessage> create(ProcessContext ctx) {
                long until = System.nanoTime() + workNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                int hart = board.currentHart();
                int slot = hart >= 0 && hart < perHart.length() - 1 ? hart : perHart.length() - 1;
                perHart.incrementAndGet(slot);
                return Behaviors.receiveMessage(m -> Behaviors.stopped(() -> arrived()));
            }
        };
    }

    private void arrived() {
        if (remaining.decrementAndGet() == 0) {
            var used = new BitSet();
            for (int i = 0; i < perHart.length() - 1; i++) {
                if (perHart.get(i) > 0) {
                    used.set(i);
                }
            }
            done.complete(
                    new Result(total, perHart.length() - 1, used, System.nanoTime() - startNanos));
        }
    }

    /** Harts as the boot line and {@code stress} print them: {@code 0 1 3}. */
    public static String hartList(BitSet harts) {
        return harts.stream().mapToObj(Integer::toString).reduce((a, b) -> a + " " + b).orElse("");
    }

    CompletableFuture<Result> done() {
        return done;
    }

    /** What a run saw: how many processes, on which of the harts, in how long. */
    public record Result(int processes, int harts, BitSet used, long nanos) {
        /** The harts used, as {@code 0 1 3}. */
        public String hartList() {
            return StressRun.hartList(used);
        }

        public String describe() {
            return String.format(
                            Locale.ROOT,
                            "stress: %d processes ran on %d/%d harts [%s] in %.1f ms (%.2f"
                                    + " us/process: spawn + message + exit, as scripts/bench"
                                    + " procs measures it warmed up)",
                            processes,
                            used.cardinality(),
                            harts,
                            hartList(),
                            nanos / 1e6,
                            nanos / 1e3 / processes)
                    + (used.cardinality() < harts && used.cardinality() > 0
                            ? "; the run ended before the other harts' threads took work"
                                    + " (a larger N spreads it)"
                            : "");
        }
    }
}
