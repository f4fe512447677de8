package honk.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessContext;
import honk.actors.ProcessMessage;
import honk.actors.ProcessShard;
import honk.actors.Program;
import honk.actors.ProgramRegistry;
import honk.actors.SpawnSpec;
import honk.actors.Text;
import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.Init;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.Registry;
import honk.board.Boot;
import honk.board.Services;
import honk.board.host.HostBoard;
import honk.supervision.Backoff;
import honk.supervision.Intensity;
import honk.supervision.RestartPolicy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process-model benchmark behind {@code scripts/bench}: boots a real kernel on the host board
 * (console discarded) and measures spawn + one message + exit, idle memory per process, message
 * round trip and restart latency. Prints one {@code honk METRIC median=… runs=… all=[…]} line per
 * figure, the same shape as the Erlang peer's, so the script can set them side by side.
 */
public final class KernelBench {
    private static final ConsolePort SILENT =
            new ConsolePort() {
                public void println(String text) {}

                public String readLine(String prompt) {
                    return null;
                }

                public boolean interactive() {
                    return false;
                }
            };

    private KernelBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int idle = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        report("spawn_msg_exit_us", runs, true, k -> spawnMessageExit(k, n));
        report("idle_bytes_per_process", runs, false, k -> idleBytes(k, idle));
        report("round_trip_us", runs, true, k -> roundTrip(k, 1_000_000));
        restartLatency(1000);
        System.exit(0);
    }

    private static Kernel boot() throws Exception {
        var ready = new CompletableFuture<Kernel>();
        var board = new HostBoard();
        ActorSystem.create(
                Init.create(
                        board,
                        SILENT,
                        ProgramRegistry.load(),
                        new Registry(),
                        Services.ordered(),
                        ready,
                        t -> {}),
                "honk",
                Boot.config(board.harts()));
        return ready.get(60, TimeUnit.SECONDS);
    }

    private interface Workload {
        double run(Kernel k) throws Exception;
    }

    /** Each run in a fresh kernel; a warm-up run first when {@code warm}. */
    private static void report(String metric, int runs, boolean warm, Workload w) throws Exception {
        var values = new ArrayList<Double>();
        for (int i = warm ? -1 : 0; i < runs; i++) {
            Kernel k = boot();
            double v = w.run(k);
            k.system().terminate();
            k.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (i >= 0) {
                values.add(v);
            }
        }
        print(metric, values);
    }

    private static void print(String metric, List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "honk %s median=%.3f runs=%d all=%s%n",
                metric,
                sorted[(sorted.length - 1) / 2],
                sorted.length,
                Arrays.toString(
                        values.stream().mapToDouble(v -> Math.round(v * 1000) / 1000.0).toArray()));
    }

    /** A program that handles one message and exits, counting down when it is gone. */
    private static Program once(CountDownLatch done) {
        return new Program() {
            public String name() {
                return "once";
            }

            public String summary() {
                return "one message, then exit";
            }

            public akka.actor.typed.Behavior<ProcessMessage> create(ProcessContext ctx) {
                return Behaviors.receiveMessage(m -> Behaviors.stopped(done::countDown));
            }
        };
    }

    static double spawnMessageExit(Kernel k, int n) throws Exception {
        var done = new CountDownLatch(n);
        var spec = SpawnSpec.of(once(done), List.of()).asEphemeral();
        var msg = new Text("go");
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            k.table().tell(k.table().spawn(spec), msg);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("spawn workload did not finish");
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    static double idleBytes(Kernel k, int n) throws Exception {
        var started = new CountDownLatch(n);
        Program idle =
                new Program() {
                    public String name() {
                        return "idle";
                    }

                    public String summary() {
                        return "idle";
                    }

                    public akka.actor.typed.Behavior<ProcessMessage> create(ProcessContext ctx) {
                        started.countDown();
                        return Behaviors.ignore();
                    }
                };
        var spec = SpawnSpec.of(idle, List.of());
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            k.table().spawn(spec);
        }
        started.await(5, TimeUnit.MINUTES);
        Thread.sleep(500); // let the shards finish publishing the spawn events
        long after = usedAfterGc();
        return (double) (after - before) / n;
    }

    private static long usedAfterGc() throws InterruptedException {
        var mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mx.getHeapMemoryUsage().getUsed();
    }

    private record Ball(long left, akka.actor.typed.ActorRef<ProcessMessage> replyTo)
            implements ProcessMessage {}

    static double roundTrip(Kernel k, int rounds) throws Exception {
        var result = new CompletableFuture<Double>();
        Program pong =
                new Program() {
                    public String name() {
                        return "pong";
                    }

                    public String summary() {
                        return "pong";
                    }

                    public akka.actor.typed.Behavior<ProcessMessage> create(ProcessContext ctx) {
                        return Behaviors.receiveMessage(m -> {
                            if (m instanceof Ball b) {
                                b.replyTo().tell(new Ball(b.left(), ctx.actor().getSelf()));
                            }
                            return Behaviors.same();
                        });
                    }
                };
        long pongPid = k.table().spawn(SpawnSpec.of(pong, List.of()));
        Program ping =
                new Program() {
                    public String name() {
                        return "ping";
                    }

                    public String summary() {
                        return "ping";
                    }

                    public akka.actor.typed.Behavior<ProcessMessage> create(ProcessContext ctx) {
                        long t0 = System.nanoTime();
                        k.table().tell(pongPid, new Ball(rounds, ctx.actor().getSelf()));
                        return Behaviors.receiveMessage(m -> {
                            Ball b = (Ball) m;
                            if (b.left() <= 1) {
                                result.complete((System.nanoTime() - t0) / 1e3 / rounds);
                                return Behaviors.stopped();
                            }
                            b.replyTo().tell(new Ball(b.left() - 1, ctx.actor().getSelf()));
                            return Behaviors.same();
                        });
                    }
                };
        k.table().spawn(SpawnSpec.of(ping, List.of()));
        return result.get(5, TimeUnit.MINUTES);
    }

    private record Probe(CompletableFuture<Long> replyTo) implements ProcessMessage {}

    /**
     * Crash → restarted process answering, with no backoff delay (the mechanism's own cost): each
     * new incarnation announces its start, then answers a probe sent through the process table.
     */
    static void restartLatency(int crashes) throws Exception {
        Kernel k = boot();
        var started =
                new java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>>(
                        new CompletableFuture<>());
        Program victim =
                new Program() {
                    public String name() {
                        return "victim";
                    }

                    public String summary() {
                        return "crashes on boom";
                    }

                    public akka.actor.typed.Behavior<ProcessMessage> create(ProcessContext ctx) {
                        started.get().complete(null);
                        return Behaviors.receiveMessage(m -> {
                            if (m instanceof Probe p) {
                                p.replyTo().complete(System.nanoTime());
                                return Behaviors.same();
                            }
                            throw new IllegalStateException("boom");
                        });
                    }
                };
        var spec =
                SpawnSpec.of(victim, List.of())
                        .withRestart(RestartPolicy.ON_FAILURE)
                        .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO, 0))
                        .withIntensity(Intensity.of(Integer.MAX_VALUE, Duration.ofSeconds(1)));
        long pid = k.table().spawn(spec);
        started.get().get(10, TimeUnit.SECONDS);
        double[] micros = new double[crashes];
        for (int i = -100; i < crashes; i++) { // 100 warm-up crashes
            var next = new CompletableFuture<Void>();
            started.set(next);
            var answered = new CompletableFuture<Long>();
            long t0 = System.nanoTime();
            k.table().tell(pid, new Text("boom"));
            next.get(10, TimeUnit.SECONDS);
            if (k.table()
                            .send(pid, new Probe(answered))
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS)
                    != ProcessShard.Delivery.DELIVERED) {
                throw new IllegalStateException("the restarted process did not take the probe");
            }
            long t1 = answered.get(10, TimeUnit.SECONDS);
            if (i >= 0) {
                micros[i] = (t1 - t0) / 1e3;
            }
        }
        Arrays.sort(micros);
        System.out.printf(
                Locale.ROOT,
                "honk restart_latency_us p50=%.1f p99=%.1f crashes=%d%n",
                micros[crashes / 2],
                micros[(int) (crashes * 0.99)],
                crashes);
        k.system().terminate();
    }
}
