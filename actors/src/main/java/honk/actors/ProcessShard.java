package honk.actors;

import akka.actor.ActorPath;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;

import honk.supervision.RestartWindow;
import honk.supervision.Trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One shard of the process table: the parent and supervisor of the processes whose PID falls to it.
 * It watches each process, decides after every exit whether it is restarted (policy, backoff,
 * intensity), keeps its record until reaped, and publishes the lifecycle events. Sharding spreads
 * spawn and exit work over the harts; a shard never throws on a process's behalf.
 */
public final class ProcessShard {
    public sealed interface Command {}

    public record Spawn(long pid, SpawnSpec spec) implements Command {}

    public record Deliver(long pid, ProcessMessage message, ActorRef<Delivery> replyTo)
            implements Command {}

    public record Kill(long pid, ActorRef<KillResult> replyTo) implements Command {}

    public record ListAll(ActorRef<List<ProcessInfo>> replyTo) implements Command {}

    public record Get(long pid, ActorRef<Optional<ProcessInfo>> replyTo) implements Command {}

    public record Reap(ActorRef<Integer> replyTo) implements Command {}

    /** Replies with the final snapshot once the process has ended (at once if it already has). */
    public record AwaitExit(long pid, ActorRef<Optional<ProcessInfo>> replyTo) implements Command {}

    private record Exited(long pid, int incarnation) implements Command {}

    private record RestartDue(long pid, int incarnation) implements Command {}

    /** The outcome of delivering a message. */
    public enum Delivery {
        DELIVERED,
        NO_PROCESS,
        NOT_RUNNING
    }

    public sealed interface KillResult {}

    public record KillDone(ProcessInfo info) implements KillResult {}

    public record KillRejected(String reason) implements KillResult {}

    public static Behavior<Command> create(int index) {
        Behavior<Command> shard =
                Behaviors.setup(ctx ->
                        Behaviors.withTimers(t -> new ProcessShard(ctx, t, index).receive()));
        // A shard's own bug must not take the table down: restart it in place (its processes go
        // too).
        return Behaviors.supervise(shard).onFailure(SupervisorStrategy.restart());
    }

    // actor-confined: touched only in the handlers below
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final int index;
    private final Map<Long, ProcessRecord> procs = new HashMap<>();
    private final Map<Long, List<Consumer<ProcessInfo>>> exitWaiters = new HashMap<>();
    private final akka.event.EventStream events;

    private ProcessShard(ActorContext<Command> ctx, TimerScheduler<Command> timers, int index) {
        this.ctx = ctx;
        this.timers = timers;
        this.index = index;
        this.events = Adapter.toClassic(ctx.getSystem()).eventStream();
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class).onAnyMessage(this::onMessage).build();
    }

    private Behavior<Command> onMessage(Command msg) {
        switch (msg) {
            case Spawn s -> onSpawn(s);
            case Deliver d -> onDeliver(d);
            case Kill k -> onKill(k);
            case ListAll l -> l.replyTo().tell(snapshotAll());
            case Get g ->
                    g.replyTo()
                            .tell(
                                    Optional.ofNullable(procs.get(g.pid()))
                                            .map(r -> r.snapshot(index)));
            case Reap r -> onReap(r);
            case AwaitExit a -> onAwaitExit(a);
            case Exited e -> onExited(e);
            case RestartDue r -> onRestartDue(r);
        }
        return Behaviors.same();
    }

    private void onSpawn(Spawn s) {
        ActorPath path = ctx.getSelf().path().child(s.pid() + "-" + s.spec().program().name());
        var rec =
                new ProcessRecord(
                        s.pid(), s.spec(), System.currentTimeMillis(), path, new MailboxMeter());
        procs.put(s.pid(), rec);
        start(rec);
        publish(
                new ProcessEvent.Spawned(
                        rec.pid, rec.name(), rec.startedAtMillis, rec.spec.ephemeral()));
    }

    private void start(ProcessRecord rec) {
        rec.incarnation++;
        rec.state = ProcessState.RUNNING;
        rec.backoffMillis = 0;
        rec.restartAtMillis = 0;
        Behavior<ProcessMessage> body =
                Behaviors.setup(actx -> rec.spec.program().create(new Context(rec, actx)));
        Behavior<ProcessMessage> instrumented =
                Behaviors.supervise(Behaviors.intercept(() -> new ProcessInstrument(rec), body))
                        .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false));
        MeteredMailbox.meterForNextSpawn(
                rec.meter); // the mailbox is made inside spawn, on this thread
        try {
            rec.ref = ctx.spawn(instrumented, rec.path.name(), MeteredMailbox.selector());
        } finally {
            MeteredMailbox.meterForNextSpawn(null);
        }
        ctx.watchWith(rec.ref, new Exited(rec.pid, rec.incarnation));
    }

    private void onDeliver(Deliver d) {
        ProcessRecord rec = procs.get(d.pid());
        Delivery result;
        if (rec == null) {
            result = Delivery.NO_PROCESS;
        } else if (rec.state != ProcessState.RUNNING || rec.ref == null) {
            result = Delivery.NOT_RUNNING;
        } else {
            rec.ref.tell(d.message());
            result = Delivery.DELIVERED;
        }
        if (d.replyTo() != null) {
            d.replyTo().tell(result);
        }
    }

    private void onKill(Kill k) {
        ProcessRecord rec = procs.get(k.pid());
        if (rec == null) {
            k.replyTo().tell(new KillRejected("no process " + k.pid()));
        } else if (rec.state.isFinal()) {
            k.replyTo()
                    .tell(
                            new KillRejected(
                                    "process "
                                            + k.pid()
                                            + " has already ended ("
                                            + rec.state.label()
                                            + ")"));
        } else if (rec.state == ProcessState.RESTARTING) {
            timers.cancel(rec.pid);
            finish(rec, ProcessState.KILLED, "killed while restarting");
            publish(new ProcessEvent.Killed(rec.pid, rec.name(), System.currentTimeMillis()));
            k.replyTo().tell(new KillDone(rec.snapshot(index)));
        } else {
            rec.killRequested = true;
            exitWaiters
                    .computeIfAbsent(rec.pid, p -> new ArrayList<>(1))
                    .add(info -> k.replyTo().tell(new KillDone(info)));
            ctx.stop(rec.ref);
        }
    }

    private void onReap(Reap r) {
        int before = procs.size();
        procs.values().removeIf(rec -> rec.state.isFinal());
        r.replyTo().tell(before - procs.size());
    }

    private void onAwaitExit(AwaitExit a) {
        ProcessRecord rec = procs.get(a.pid());
        if (rec == null) {
            a.replyTo().tell(Optional.empty());
        } else if (rec.state.isFinal()) {
            a.replyTo().tell(Optional.of(rec.snapshot(index)));
        } else {
            exitWaiters
                    .computeIfAbsent(rec.pid, p -> new ArrayList<>(1))
                    .add(info -> a.replyTo().tell(Optional.of(info)));
        }
    }

    private void onExited(Exited e) {
        ProcessRecord rec = procs.get(e.pid());
        if (rec == null || rec.incarnation != e.incarnation()) {
            return;
        }
        rec.ref = null;
        Throwable failure = rec.failure;
        rec.failure = null;
        long now = System.currentTimeMillis();
        if (rec.killRequested) {
            finish(rec, ProcessState.KILLED, "killed");
            publish(new ProcessEvent.Killed(rec.pid, rec.name(), now));
        } else if (failure != null) {
            String cause = describe(failure);
            rec.lastFailure = cause;
            rec.lastFailureAtMillis = now;
            String trace = failure instanceof ProgramExit ? "" : Trace.of(failure);
            publish(new ProcessEvent.Crashed(rec.pid, rec.name(), cause, now, trace));
            if (rec.spec.restart().restartsAfter(true)) {
                restartOrFail(rec, cause);
            } else {
                finish(rec, ProcessState.CRASHED, cause);
            }
        } else if (rec.spec.restart().restartsAfter(false)) {
            publish(new ProcessEvent.Stopped(rec.pid, rec.name(), now));
            restartOrFail(rec, "exited normally");
        } else {
            finish(rec, ProcessState.STOPPED, "exited normally");
            publish(new ProcessEvent.Stopped(rec.pid, rec.name(), now, rec.spec.ephemeral()));
        }
    }

    private void restartOrFail(ProcessRecord rec, String cause) {
        if (rec.window == null) {
            rec.window = new RestartWindow(rec.spec.intensity());
        }
        if (!rec.window.tryRestart(System.nanoTime())) {
            String reason =
                    "restart intensity exceeded ("
                            + rec.spec.intensity()
                            + "); last exit: "
                            + cause;
            finish(rec, ProcessState.FAILED, reason);
            publish(
                    new ProcessEvent.Failed(
                            rec.pid, rec.name(), reason, System.currentTimeMillis()));
            return;
        }
        rec.state = ProcessState.RESTARTING;
        java.time.Duration delay = rec.spec.backoff().delay(rec.restarts + 1);
        rec.backoffMillis = delay.toMillis();
        rec.restartAtMillis = System.currentTimeMillis() + delay.toMillis();
        timers.startSingleTimer(rec.pid, new RestartDue(rec.pid, rec.incarnation), delay);
    }

    private void onRestartDue(RestartDue r) {
        ProcessRecord rec = procs.get(r.pid());
        if (rec == null
                || rec.state != ProcessState.RESTARTING
                || rec.incarnation != r.incarnation()) {
            return;
        }
        rec.restarts++;
        start(rec);
        publish(
                new ProcessEvent.Restarted(
                        rec.pid, rec.name(), rec.restarts, System.currentTimeMillis()));
    }

    private void finish(ProcessRecord rec, ProcessState state, String reason) {
        rec.state = state;
        rec.exitReason = reason;
        List<Consumer<ProcessInfo>> waiters = exitWaiters.remove(rec.pid);
        if (waiters != null) {
            ProcessInfo info = rec.snapshot(index);
            waiters.forEach(w -> w.accept(info));
        }
        if (rec.spec.ephemeral()) {
            procs.remove(rec.pid);
        }
    }

    private List<ProcessInfo> snapshotAll() {
        var list = new ArrayList<ProcessInfo>(procs.size());
        for (ProcessRecord rec : procs.values()) {
            list.add(rec.snapshot(index));
        }
        return list;
    }

    private void publish(ProcessEvent event) {
        events.publish(event);
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    /** The program's view of its process; one per incarnation. */
    private record Context(ProcessRecord rec, ActorContext<ProcessMessage> actor)
            implements ProcessContext {
        public long pid() {
            return rec.pid;
        }

        public String name() {
            return rec.name();
        }

        public List<String> args() {
            return rec.spec.args();
        }

        public Capabilities capabilities() {
            return rec.spec.caps();
        }
    }
}
