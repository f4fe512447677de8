package honk.storage.fs;

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
import honk.supervision.Backoff;
import honk.supervision.InjectedFaultException;
import honk.supervision.Supervisor;
import honk.supervision.SupervisorReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The VFS root: one child actor per mount, and the union of them. Layers are a list, top first
 * (kv over host over core): reads take the first layer that has the path, writes, mkdirs and
 * deletes go to the top layer, and no lower layer is changed through the union ({@link UnionOp}
 * holds the rules). A client speaks {@link FsProtocol} to it, wrapped in {@link Serve}; wrapped
 * in {@link ServeLayer}, a request goes to one named layer alone (how the host share is written).
 *
 * <p>Supervision: each mount is spawned to stop on failure and watched. When one crashes, the
 * requests it had in hand are answered with {@link FsError.Io}, requests for it are held (up to
 * {@link #HOLD}) and it is spawned again after a backoff ({@link #BACKOFF}: 100 ms doubling to
 * 5 s, with no limit, so a mount never takes the tree down), with a {@link SupervisorReport} for
 * the kernel log each time. The other mounts, and every lookup they can answer, keep serving
 * meanwhile. A request queued behind the crash in the mount's mailbox is lost with it and is
 * answered the same way; a write so answered may or may not have been made.
 */
public final class Vfs {
    public sealed interface Command {}

    /** A request to the union. */
    public record Serve(FsProtocol.Request request) implements Command {}

    /**
     * A request to the one layer named {@code layer}, not the union (the shell's {@code host:/PATH});
     * an unknown name is refused with the list of layers.
     */
    public record ServeLayer(String layer, FsProtocol.Request request) implements Command {}

    /** The layers, top first, with their state. */
    public record GetMounts(ActorRef<Mounts> replyTo) implements Command {}

    /** Crashes one mount on purpose; {@code replyTo} hears once it is running again. */
    public record InjectFault(String layer, ActorRef<Supervisor.FaultResult> replyTo) implements Command {}

    private record Answered(long ask, Object answer) implements Command {}

    private record RestartDue(int index) implements Command {}

    public record Mounts(List<MountInfo> layers) {}

    /**
     * One layer as {@code mount} lists it; {@code state} is up, restarting or unavailable, and
     * {@code source} is the backing store or, when unavailable, why.
     */
    public record MountInfo(String name, String kind, String mode, String state, int restarts, String lastFailure,
            String source) {}

    /** The message that makes a mount crash; handled by the wrapper, never by the mount. */
    private record Fault() {}

    /** Requests held for a mount while it restarts; past it they fail at once. */
    static final int HOLD = 1000;
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
    public static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2);

    /** One layer's mount: its current incarnation and what happened to it. Actor-confined. */
    private static final class Slot {
        final Layer layer;
        ActorRef<Object> ref; // null while restarting
        int restarts;
        String lastFailure = "";
        final ArrayDeque<Runnable> held = new ArrayDeque<>();
        final List<ActorRef<Supervisor.FaultResult>> faultWaiters = new ArrayList<>();

        Slot(Layer layer) {
            this.layer = layer;
        }
    }

    private record Asked(UnionOp op, int index) {}

    // actor-confined: touched only in the message handlers
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final List<Layer> layers;
    private final Backoff backoff;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Long, Asked> asked = new HashMap<>();
    private long nextAsk;
    private final UnionOp.Layers view = new UnionOp.Layers() {
        public List<Layer> all() {
            return layers;
        }

        public <R> void ask(UnionOp op, int index, Class<R> type, Function<ActorRef<R>, FsProtocol.Request> request) {
            Vfs.this.ask(op, index, type, request);
        }
    };

    private Vfs(ActorContext<Command> ctx, TimerScheduler<Command> timers, List<Layer> layers, Backoff backoff) {
        this.ctx = ctx;
        this.timers = timers;
        this.layers = layers;
        this.backoff = backoff;
    }

    /** The root over {@code layers}, top first (names must differ), restarting mounts with {@link #BACKOFF}. */
    public static Behavior<Command> create(List<Layer> layers) {
        return create(layers, BACKOFF);
    }

    public static Behavior<Command> create(List<Layer> layers, Backoff backoff) {
        var names = new HashSet<String>();
        for (Layer l : layers) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("layer '" + l.name() + "' is mounted twice");
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a VFS needs at least one layer");
        }
        List<Layer> copy = List.copyOf(layers);
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Vfs(ctx, timers, copy, backoff).start()));
    }

    private Behavior<Command> start() {
        for (Layer l : layers) {
            Slot s = new Slot(l);
            slots.add(s);
            spawn(s);
        }
        return Behaviors.receive(Command.class)
                .onMessage(Serve.class, this::onServe)
                .onMessage(ServeLayer.class, this::onServeLayer)
                .onMessage(Answered.class, this::onAnswered)
                .onMessage(GetMounts.class, this::onGetMounts)
                .onMessage(InjectFault.class, this::onInjectFault)
                .onMessage(RestartDue.class, this::onRestartDue)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void spawn(Slot s) {
        Behavior<Object> wrapped = Behaviors.supervise(
                        Behaviors.intercept(() -> new FaultInterceptor(s.layer.name()), (Behavior) s.layer.behavior()))
                .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false));
        s.ref = ctx.spawn(wrapped, s.layer.name(), s.layer.props());
        ctx.watch(s.ref);
    }

    private Behavior<Command> onServe(Serve m) {
        UnionOp op = switch (m.request()) {
            case FsProtocol.Stat s -> new UnionOp.Lookup(view, s, s.path());
            case FsProtocol.Read r -> new UnionOp.Lookup(view, r, r.path());
            case FsProtocol.ReadDir d -> new UnionOp.Listing(view, d);
            case FsProtocol.Write w -> new UnionOp.Change(view, w);
            case FsProtocol.MakeDir md -> new UnionOp.Change(view, md);
            case FsProtocol.Delete d -> new UnionOp.Removal(view, d);
            case FsProtocol.Describe d -> {
                d.replyTo().tell(new FsProtocol.Description("the union of " + String.join(" over ",
                        layers.stream().map(Layer::name).toList()), ""));
                yield null;
            }
        };
        if (op != null) {
            op.start();
        }
        return Behaviors.same();
    }

    private Behavior<Command> onServeLayer(ServeLayer m) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(m.layer())) {
                new UnionOp.Direct(view, m.request(), i).start();
                return Behaviors.same();
            }
        }
        FsProtocol.fail(m.request(), new FsError.InvalidArgument("no layer '" + m.layer() + "' (layers: "
                + String.join(", ", layers.stream().map(Layer::name).toList()) + ")"));
        return Behaviors.same();
    }

    /** Sends {@code request} to layer {@code index} now, or when it is running again. */
    private <R> void ask(UnionOp op, int index, Class<R> type, Function<ActorRef<R>, FsProtocol.Request> request) {
        long id = nextAsk++;
        asked.put(id, new Asked(op, index));
        Slot s = slots.get(index);
        Runnable send = () -> ctx.ask(type, s.ref.<FsProtocol.Request>narrow(), ASK_TIMEOUT, request::apply,
                (answer, failure) -> new Answered(id, failure == null ? answer : failed("the " + s.layer.name()
                        + " layer did not answer in " + ASK_TIMEOUT.toSeconds() + " s")));
        if (s.ref != null) {
            send.run();
        } else if (s.held.size() < HOLD) {
            s.held.add(send);
        } else {
            ctx.getSelf().tell(new Answered(id, failed("the " + s.layer.name() + " layer is restarting; try again")));
        }
    }

    private static FsProtocol.Failed failed(String reason) {
        return new FsProtocol.Failed(new FsError.Io(reason));
    }

    private Behavior<Command> onAnswered(Answered a) {
        Asked to = asked.remove(a.ask());
        if (to != null) { // else answered already, when its mount crashed
            to.op().answer(to.index(), a.answer());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onTerminated(Terminated t) {
        int index = -1;
        for (int i = 0; i < slots.size(); i++) {
            if (t.getRef().equals(slots.get(i).ref)) {
                index = i;
            }
        }
        if (index < 0) {
            return Behaviors.same();
        }
        Slot s = slots.get(index);
        s.ref = null;
        s.lastFailure = t instanceof ChildFailed f ? describe(f.getCause()) : "stopped";
        report("child_terminated", s.lastFailure, s.layer.name());
        final int crashed = index;
        var lost = new ArrayList<Long>();
        asked.forEach((id, to) -> {
            if (to.index() == crashed) {
                lost.add(id);
            }
        });
        for (long id : lost) {
            Asked to = asked.remove(id);
            to.op().answer(to.index(), failed("the " + s.layer.name() + " layer crashed (" + s.lastFailure
                    + ") while serving this and is being restarted; try again"));
        }
        timers.startSingleTimer(new RestartDue(index), backoff.delay(s.restarts + 1));
        return Behaviors.same();
    }

    private Behavior<Command> onRestartDue(RestartDue m) {
        Slot s = slots.get(m.index());
        s.restarts++;
        spawn(s);
        report("child_restarted", "restart " + s.restarts, s.layer.name());
        while (!s.held.isEmpty()) {
            s.held.poll().run();
        }
        s.faultWaiters.forEach(w -> w.tell(new Supervisor.FaultRecovered(s.layer.name(), s.restarts)));
        s.faultWaiters.clear();
        return Behaviors.same();
    }

    private Behavior<Command> onInjectFault(InjectFault m) {
        Slot s = slots.stream().filter(x -> x.layer.name().equals(m.layer())).findFirst().orElse(null);
        if (s == null) {
            m.replyTo().tell(new Supervisor.FaultRejected("no layer '" + m.layer() + "' (layers: "
                    + String.join(", ", layers.stream().map(Layer::name).toList()) + ")"));
        } else if (s.ref == null) {
            m.replyTo().tell(new Supervisor.FaultRejected("layer '" + m.layer() + "' is restarting now"));
        } else {
            s.faultWaiters.add(m.replyTo());
            s.ref.tell(new Fault());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onGetMounts(GetMounts m) {
        var states = new ArrayList<MountInfo>();
        for (Slot s : slots) {
            states.add(new MountInfo(s.layer.name(), s.layer.kind(), s.layer.mode(), s.ref == null ? "restarting" : "up",
                    s.restarts, s.lastFailure, "-"));
        }
        new MountListing(view, states, m.replyTo()).start();
        return Behaviors.same();
    }

    private void report(String context, String reason, String offender) {
        ctx.getSystem().eventStream().tell(new EventStream.Publish<>(
                new SupervisorReport("fs", context, reason, offender, System.currentTimeMillis())));
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Turns the root's {@link Fault} message into a crash of the mount; every other message passes. */
    private static final class FaultInterceptor extends BehaviorInterceptor<Object, Object> {
        private final String layer;

        FaultInterceptor(String layer) {
            super(Object.class);
            this.layer = layer;
        }

        @Override
        public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<Object> target) {
            if (msg instanceof Fault) {
                throw new InjectedFaultException(layer);
            }
            return target.apply(ctx, msg);
        }
    }
}
