package honk.supervision;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.Terminated;
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
 * children are watched actors that stop on failure and this actor spawns them again, or, for a
 * child {@link ChildSpec#restartedInPlace() in place}, actors that tell this one of each crash and
 * wait in a holding state until it releases them ({@link SupervisedChild}). Either way the
 * decision, the backoff, the intensity and the {@link SupervisorReport} are this actor's, whether
 * the crash was real or injected.
 */
public final class Supervisor {
    public sealed interface Command {}

    /** Crash child {@code id} on purpose; {@code replyTo} hears once it is running again. */
    public record InjectFault(String id, ActorRef<FaultResult> replyTo) implements Command {}

    public record GetChildren(ActorRef<Children> replyTo) implements Command {}

    private record RestartDue(int generation) implements Command {}

    /** From a child in place: it crashed and is holding until released. */
    record ChildCrashed(ActorRef<Object> child, Exception cause) implements Command {}

    public sealed interface FaultResult {}

    public record FaultRecovered(String id, int restarts) implements FaultResult {}

    public record FaultRejected(String reason) implements FaultResult {}

    public record Children(String supervisor, Strategy strategy, List<ChildStatus> children) {}

    /**
     * One child's live status; {@code state} is running, restarting, stopped or failed (given up
     * on).
     */
    public record ChildStatus(String id, String state, int restarts, String lastFailure) {}

    public static Behavior<Command> create(
            String name, Strategy strategy, Intensity intensity, List<ChildSpec<?>> children) {
        return create(name, strategy, intensity, children, null);
    }

    /**
     * As above; {@code listener} (when not null) is told every {@link SupervisorReport} too, in
     * order, e.g. the parent that routes requests to these children and must know when one is back;
     * it alone also hears {@code child_started} for each child's first start (not published: boot
     * would fill the kernel log with them).
     */
    public static Behavior<Command> create(
            String name,
            Strategy strategy,
            Intensity intensity,
            List<ChildSpec<?>> children,
            ActorRef<SupervisorReport> listener) {
        validate(name, children);
        return Behaviors.<Command>setup(ctx ->
                Behaviors.withTimers(timers ->
                        new Supervisor(ctx, timers, name, strategy, intensity, children, listener)
                                .start()));
    }

    private static void validate(String name, List<ChildSpec<?>> children) {
        var seen = new HashSet<String>();
        for (ChildSpec<?> c : children) {
            if (!seen.add(c.id())) {
                throw new InvalidChildSpecException(
                        name + ": child id '" + c.id() + "' is used twice");
            }
        }
    }

    /** One child's slot. Actor-confined: touched only in this supervisor's handlers. */
    private static final class Slot {
        final ChildSpec<?> spec;
        final RestartWindow own; // the child's own intensity, or null: the supervisor's
        ActorRef<Object> ref; // null while down
        boolean held; // a child in place that crashed or was recycled: alive, waiting for Release
        int restarts;
        String lastFailure = "";
        boolean awaitingStop; // stopped by the strategy, its Terminated is expected
        boolean removed; // exited for good (temporary, or transient after a normal exit)
        boolean failed; // given up on after its own intensity

        Slot(ChildSpec<?> spec) {
            this.spec = spec;
            this.own = spec.ownIntensity() == null ? null : new RestartWindow(spec.ownIntensity());
        }

        String state() {
            return failed
                    ? "failed"
                    : ref != null && !held ? "running" : removed ? "stopped" : "restarting";
        }
    }

    // actor-confined: touched only in onMessage/onSignal
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final String name;
    private final Strategy strategy;
    private final RestartWindow window;
    private final ActorRef<SupervisorReport> listener; // or null
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
            List<ChildSpec<?>> children,
            ActorRef<SupervisorReport> listener) {
        this.ctx = ctx;
        this.listener = listener;
        this.timers = timers;
        this.name = name;
        this.strategy = strategy;
        this.window = new RestartWindow(intensity);
        for (ChildSpec<?> c : children) {
            slots.put(c.id(), new Slot(c));
        }
    }

    private Behavior<Command> start() {
        for (Slot s : slots.values()) {
            spawn(s);
            if (listener != null) {
                listener.tell(
                        new SupervisorReport(
                                name,
                                "child_started",
                                "",
                                s.spec.id(),
                                System.currentTimeMillis()));
            }
        }
        return Behaviors.receive(Command.class)
                .onMessage(InjectFault.class, this::onInjectFault)
                .onMessage(GetChildren.class, this::onGetChildren)
                .onMessage(RestartDue.class, this::onRestartDue)
                .onMessage(ChildCrashed.class, this::onChildCrashed)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void spawn(Slot slot) {
        Behavior<Object> wrapped = SupervisedChild.create(slot.spec, ctx.getSelf());
        ActorRef<Object> ref = ctx.spawn(wrapped, slot.spec.id(), slot.spec.props());
        ctx.watch(ref);
        slot.ref = ref;
        slot.held = false;
        slot.removed = false;
        byRef.put(ref, slot);
        if (slot.spec.handle() != null) {
            ((ServiceHandle) slot.spec.handle()).set(ref.unsafeUpcast());
        }
    }

    private Behavior<Command> onInjectFault(InjectFault m) {
        Slot slot = slots.get(m.id());
        if (slot == null) {
            m.replyTo()
                    .tell(
                            new FaultRejected(
                                    "no service '"
                                            + m.id()
                                            + "' (services: "
                                            + String.join(", ", slots.keySet())
                                            + ")"));
        } else if (slot.failed) {
            m.replyTo()
                    .tell(
                            new FaultRejected(
                                    "service '"
                                            + m.id()
                                            + "' has failed ("
                                            + slot.lastFailure
                                            + ")"));
        } else if (slot.ref == null || slot.held) {
            m.replyTo().tell(new FaultRejected("service '" + m.id() + "' is not running now"));
        } else {
            faultWaiters.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m.replyTo());
            slot.ref.tell(new SupervisedChild.Fault());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onGetChildren(GetChildren m) {
        var list = new ArrayList<ChildStatus>();
        for (Slot s : slots.values()) {
            list.add(new ChildStatus(s.spec.id(), s.state(), s.restarts, s.lastFailure));
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
        slot.held = false;
        if (slot.spec.handle() != null) {
            slot.spec.handle().suspend();
        }
        if (slot.awaitingStop) {
            slot.awaitingStop = false;
            scheduleIfReady();
            return Behaviors.same();
        }
        boolean crashed = t instanceof ChildFailed;
        exited(slot, crashed, crashed ? ((ChildFailed) t).getCause() : null);
        return Behaviors.same();
    }

    private Behavior<Command> onChildCrashed(ChildCrashed m) {
        Slot slot = byRef.get(m.child());
        if (slot == null) {
            return Behaviors.same(); // from an incarnation already stopped
        }
        if (slot.held) { // it crashed as a sibling's restart recycled it: that restart takes it too
            slot.lastFailure = describe(m.cause());
            report("child_terminated", slot.lastFailure, slot.spec.id(), Trace.of(m.cause()));
            return Behaviors.same();
        }
        slot.held = true;
        exited(slot, true, m.cause());
        return Behaviors.same();
    }

    /**
     * A child exited (its actor gone, or held in place): report, then remove, restart or give up.
     */
    private void exited(Slot slot, boolean crashed, Throwable cause) {
        String reason = crashed ? describe(cause) : "normal";
        slot.lastFailure = crashed ? reason : slot.lastFailure;
        report("child_terminated", reason, slot.spec.id(), crashed ? Trace.of(cause) : "");
        if (!slot.spec.restart().restartsAfter(crashed)) {
            stopHeld(slot);
            slot.removed = true;
            report("child_removed", reason, slot.spec.id());
            rejectFaultWaiters(
                    slot.spec.id(), "service '" + slot.spec.id() + "' exited and is not restarted");
            return;
        }
        RestartWindow limit = slot.own != null ? slot.own : window;
        if (!limit.tryRestart(System.nanoTime())) {
            if (slot.own == null) {
                report(
                        "shutdown",
                        "reached_max_restart_intensity (" + window.intensity() + ")",
                        slot.spec.id());
                throw new SupervisorGaveUpException(
                        name
                                + ": "
                                + slot.spec.id()
                                + " exceeded "
                                + window.intensity()
                                + "; giving up",
                        cause);
            }
            giveUp(slot);
            return;
        }
        beginRestart(slot);
    }

    /**
     * The child exceeded its own intensity: stop it for good; the supervisor and the others go on.
     */
    private void giveUp(Slot slot) {
        stopHeld(slot);
        slot.failed = true;
        slot.removed = true;
        String why = "exceeded " + slot.own.intensity() + "; last: " + slot.lastFailure;
        report("gave_up", why, slot.spec.id());
        if (slot.spec.handle() != null) {
            slot.spec.handle().fail(slot.spec.id() + " has failed (" + why + ")");
        }
        rejectFaultWaiters(
                slot.spec.id(), "service '" + slot.spec.id() + "' has failed (" + why + ")");
    }

    /**
     * Stops a child held in place whose restart will not come; its termination is then expected.
     */
    private void stopHeld(Slot slot) {
        if (slot.ref != null) {
            byRef.remove(slot.ref);
            ctx.stop(slot.ref);
            slot.ref = null;
            slot.held = false;
            if (slot.spec.handle() != null) {
                slot.spec.handle().suspend();
            }
        }
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
                boolean temporary = s != failed && s.spec.restart() == Restart.TEMPORARY;
                if (s != failed && s.ref != null && s.spec.inPlace() && !temporary) {
                    if (!s.held) {
                        s.held = true; // restarted in place with the group: no stop to wait for
                        s.ref.tell(new SupervisedChild.Recycle());
                    }
                } else if (s != failed && s.ref != null) {
                    s.awaitingStop = true;
                    ctx.stop(s.ref);
                }
                if (temporary) {
                    s.removed = true; // OTP: a temporary sibling is stopped with the group, never
                    // restarted
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
            if (s.ref != null && s.held) {
                s.held = false;
                s.restarts++;
                s.ref.tell(new SupervisedChild.Release());
            } else if (s.ref == null && !s.failed) {
                s.restarts++;
                spawn(s);
            } else {
                continue; // came back by itself, or was given up on meanwhile
            }
            report("child_restarted", "restart " + s.restarts, s.spec.id());
            var waiters = faultWaiters.remove(s.spec.id());
            if (waiters != null) {
                waiters.forEach(w -> w.tell(new FaultRecovered(s.spec.id(), s.restarts)));
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
        report(context, reason, offender, "");
    }

    private void report(String context, String reason, String offender, String trace) {
        var r =
                new SupervisorReport(
                        name, context, reason, offender, System.currentTimeMillis(), trace);
        ctx.getSystem().eventStream().tell(new EventStream.Publish<>(r));
        if (listener != null) {
            listener.tell(r);
        }
    }

    /** A crash cause as reports give it: the exception's simple name and its message. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /** Rethrows {@code t} unchanged, checked or not. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
