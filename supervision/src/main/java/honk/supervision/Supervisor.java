package honk.supervision;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.Terminated;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTP-shaped supervisor: starts its children in order, watches them, and on an exit restarts
 * one, all, or the rest of them (the {@link Strategy}) after the exited child's backoff, within a
 * supervisor-wide {@link Intensity}. Beyond the intensity it throws {@link
 * SupervisorGaveUpException}, escalating to its parent.
 *
 * <p>Akka Typed limits restarts per child and restarts in place; OTP semantics (siblings restarting
 * together, one intensity for the whole supervisor) need the supervisor to see every exit, so
 * children are plain watched actors that stop on failure and this actor spawns them again.
 */
public final class Supervisor {
    public sealed interface Command {}

    /** Crash child {@code id} on purpose; {@code replyTo} hears once it is running again. */
    public record InjectFault(String id, ActorRef<FaultResult> replyTo) implements Command {}

    public record GetChildren(ActorRef<Children> replyTo) implements Command {}

    private record RestartDue(int generation) implements Command {}

    public sealed interface FaultResult {}

    public record FaultRecovered(String id, int restarts) implements FaultResult {}

    public record FaultRejected(String reason) implements FaultResult {}

    public record Children(String supervisor, Strategy strategy, List<ChildStatus> children) {}

    /** One child's live status; {@code state} is running, restarting or stopped. */
    public record ChildStatus(String id, String state, int restarts, String lastFailure) {}

    /** The message a supervisor sends a child to make it crash; handled by the wrapper, never by the child. */
    private record Fault() {}

    public static Behavior<Command> create(
            String name, Strategy strategy, Intensity intensity, List<ChildSpec<?>> children) {
        validate(name, children);
        return Behaviors.<Command>setup(
                ctx ->
                        Behaviors.withTimers(
                                timers ->
                                        new Supervisor(ctx, timers, name, strategy, intensity, children)
                                                .start()));
    }

    private static void validate(String name, List<ChildSpec<?>> children) {
        var seen = new HashSet<String>();
        for (ChildSpec<?> c : children) {
            if (!seen.add(c.id())) {
                throw new InvalidChildSpecException(name + ": child id '" + c.id() + "' is used twice");
            }
        }
    }

    /** One child's slot. Actor-confined: touched only in this supervisor's handlers. */
    private static final class Slot {
        final ChildSpec<?> spec;
        ActorRef<Object> ref; // null while down
        int restarts;
        String lastFailure = "";
        boolean awaitingStop; // stopped by the strategy, its Terminated is expected
        boolean removed; // exited for good (temporary, or transient after a normal exit)

        Slot(ChildSpec<?> spec) {
            this.spec = spec;
        }
    }

    // actor-confined: touched only in onMessage/onSignal
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final String name;
    private final Strategy strategy;
    private final RestartWindow window;
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();
    private final Map<ActorRef<Object>, Slot> byRef = new HashMap<>();
    private final Map<String, List<ActorRef<FaultResult>>> faultWaiters = new HashMap<>();
    private List<Slot> pendingGroup = List.of();
    private Duration pendingDelay = Duration.ZERO;
    private int generation;

    private Supervisor(
            ActorContext<Command> ctx,
            TimerScheduler<Command> timers,
            String name,
            Strategy strategy,
            Intensity intensity,
            List<ChildSpec<?>> children) {
        this.ctx = ctx;
        this.timers = timers;
        this.name = name;
        this.strategy = strategy;
        this.window = new RestartWindow(intensity);
        for (ChildSpec<?> c : children) {
            slots.put(c.id(), new Slot(c));
        }
    }

    private Behavior<Command> start() {
        slots.values().forEach(this::spawn);
        return Behaviors.receive(Command.class)
                .onMessage(InjectFault.class, this::onInjectFault)
                .onMessage(GetChildren.class, this::onGetChildren)
                .onMessage(RestartDue.class, this::onRestartDue)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void spawn(Slot slot) {
        Behavior<Object> wrapped =
                Behaviors.supervise(
                                Behaviors.intercept(
                                        () -> new FaultInterceptor(slot.spec.id()),
                                        (Behavior) slot.spec.behavior()))
                        .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false));
        ActorRef<Object> ref = ctx.spawn(wrapped, slot.spec.id(), slot.spec.props());
        ctx.watch(ref);
        slot.ref = ref;
        slot.removed = false;
        byRef.put(ref, slot);
        if (slot.spec.handle() != null) {
            ((ServiceHandle) slot.spec.handle()).set(ref.unsafeUpcast());
        }
    }

    private Behavior<Command> onInjectFault(InjectFault m) {
        Slot slot = slots.get(m.id());
        if (slot == null) {
            m.replyTo().tell(new FaultRejected("no service '" + m.id() + "' (services: " + String.join(", ", slots.keySet()) + ")"));
        } else if (slot.ref == null) {
            m.replyTo().tell(new FaultRejected("service '" + m.id() + "' is not running now"));
        } else {
            faultWaiters.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m.replyTo());
            slot.ref.tell(new Fault());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onGetChildren(GetChildren m) {
        var list = new ArrayList<ChildStatus>();
        for (Slot s : slots.values()) {
            String state = s.ref != null ? "running" : s.removed ? "stopped" : "restarting";
            list.add(new ChildStatus(s.spec.id(), state, s.restarts, s.lastFailure));
        }
        m.replyTo().tell(new Children(name, strategy, List.copyOf(list)));
        return Behaviors.same();
    }

    private Behavior<Command> onTerminated(Terminated t) {
        @SuppressWarnings("unchecked")
        Slot slot = byRef.remove((ActorRef<Object>) (ActorRef<?>) t.getRef());
        if (slot == null) {
            return Behaviors.same();
        }
        slot.ref = null;
        if (slot.spec.handle() != null) {
            slot.spec.handle().suspend();
        }
        if (slot.awaitingStop) {
            slot.awaitingStop = false;
            scheduleIfReady();
            return Behaviors.same();
        }
        boolean crashed = t instanceof ChildFailed;
        Throwable cause = crashed ? ((ChildFailed) t).getCause() : null;
        String reason = crashed ? describe(cause) : "normal";
        slot.lastFailure = crashed ? reason : slot.lastFailure;
        report("child_terminated", reason, slot.spec.id());
        if (!slot.spec.restart().restartsAfter(crashed)) {
            slot.removed = true;
            report("child_removed", reason, slot.spec.id());
            rejectFaultWaiters(slot.spec.id(), "service '" + slot.spec.id() + "' exited and is not restarted");
            return Behaviors.same();
        }
        if (!window.tryRestart(System.nanoTime())) {
            report("shutdown", "reached_max_restart_intensity (" + window.intensity() + ")", slot.spec.id());
            throw new SupervisorGaveUpException(
                    name + ": " + slot.spec.id() + " exceeded " + window.intensity() + "; giving up",
                    cause);
        }
        beginRestart(slot);
        return Behaviors.same();
    }

    private void beginRestart(Slot failed) {
        var group = new ArrayList<Slot>();
        boolean after = false;
        for (Slot s : slots.values()) {
            // A restart still pending (its backoff running) joins this one: the new generation
            // cancels the old timer, so a child left out here would never be started again.
            boolean include =
                    pendingGroup.contains(s)
                            || switch (strategy) {
                                case ONE_FOR_ONE -> s == failed;
                                case ONE_FOR_ALL -> !s.removed || s == failed;
                                case REST_FOR_ONE -> s == failed || (after && !s.removed);
                            };
            after |= s == failed;
            if (include) {
                if (s != failed && s.ref != null) {
                    s.awaitingStop = true;
                    ctx.stop(s.ref);
                }
                if (s != failed && s.spec.restart() == Restart.TEMPORARY) {
                    s.removed = true; // OTP: a temporary sibling is stopped with the group, never restarted
                    report("child_removed", "sibling restart", s.spec.id());
                } else {
                    group.add(s);
                }
            }
        }
        generation++;
        pendingGroup = group;
        pendingDelay = failed.spec.backoff().delay(failed.restarts + 1);
        scheduleIfReady();
    }

    private void scheduleIfReady() {
        for (Slot s : pendingGroup) {
            if (s.awaitingStop) {
                return;
            }
        }
        if (!pendingGroup.isEmpty()) {
            timers.startSingleTimer(new RestartDue(generation), pendingDelay);
        }
    }

    private Behavior<Command> onRestartDue(RestartDue m) {
        if (m.generation() != generation) {
            return Behaviors.same();
        }
        List<Slot> group = pendingGroup;
        pendingGroup = List.of();
        for (Slot s : group) {
            if (s.ref == null) {
                s.restarts++;
                spawn(s);
                report("child_restarted", "restart " + s.restarts, s.spec.id());
                var waiters = faultWaiters.remove(s.spec.id());
                if (waiters != null) {
                    waiters.forEach(w -> w.tell(new FaultRecovered(s.spec.id(), s.restarts)));
                }
            }
        }
        return Behaviors.same();
    }

    private void rejectFaultWaiters(String id, String reason) {
        var waiters = faultWaiters.remove(id);
        if (waiters != null) {
            waiters.forEach(w -> w.tell(new FaultRejected(reason)));
        }
    }

    private void report(String context, String reason, String offender) {
        ctx.getSystem()
                .eventStream()
                .tell(
                        new EventStream.Publish<>(
                                new SupervisorReport(name, context, reason, offender, System.currentTimeMillis())));
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /** Turns the supervisor's {@link Fault} message into a crash; every other message passes. */
    private static final class FaultInterceptor extends BehaviorInterceptor<Object, Object> {
        private final String id;

        FaultInterceptor(String id) {
            super(Object.class);
            this.id = id;
        }

        @Override
        public Behavior<Object> aroundReceive(
                TypedActorContext<Object> ctx, Object msg, ReceiveTarget<Object> target) {
            if (msg instanceof Fault) {
                throw new InjectedFaultException(id);
            }
            return target.apply(ctx, msg);
        }
    }
}
