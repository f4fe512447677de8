package honk.storage.fs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

import honk.supervision.Backoff;
import honk.supervision.ChildSpec;
import honk.supervision.Intensity;
import honk.supervision.ServiceHandle;
import honk.supervision.Strategy;
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
 * The VFS root: the union of its mounts. Layers are a list, top first (kv over host over core):
 * reads take the first layer that has the path, writes, mkdirs and deletes go to the top layer, and
 * no lower layer is changed through the union ({@link UnionOp} holds the rules). A client speaks
 * {@link FsProtocol} to it, wrapped in {@link Serve}; wrapped in {@link ServeLayer}, a request goes
 * to one named layer alone (how the host share is written).
 *
 * <p>Supervision: the mounts are the children of a {@link Supervisor} of their own ({@code fs}, one
 * for one), each restarted in place with {@link #BACKOFF} and an intensity of its own ({@link
 * #MOUNT_INTENSITY}), so a crash keeps the mount's mailbox: what was queued behind the crash, and
 * what arrives during the backoff, is served once it is back, and the request it crashed on is
 * answered with {@link FsError.Io}. The other mounts, and every lookup they can answer, keep
 * serving meanwhile. A mount given up on answers every later request with why.
 */
public final class Vfs {
    public sealed interface Command {}

    /** A request to the union. */
    public record Serve(FsProtocol.Request request) implements Command {}

    /**
     * A request to the one layer named {@code layer}, not the union (the shell's {@code
     * host:/PATH}); an unknown name is refused with the list of layers.
     */
    public record ServeLayer(String layer, FsProtocol.Request request) implements Command {}

    /** The layers, top first, with their state. */
    public record GetMounts(ActorRef<Mounts> replyTo) implements Command {}

    /** Crashes one mount on purpose; {@code replyTo} hears once it is running again. */
    public record InjectFault(String layer, ActorRef<Supervisor.FaultResult> replyTo)
            implements Command {}

    private record Answered(long ask, Object answer) implements Command {}

    /**
     * Test-only: makes the root itself throw {@code why}, as a bug in it would (package-private).
     */
    record Crash(String why) implements Command {}

    /** What the mounts' supervisor reported: a mount that came back, or was given up on. */
    private record Reported(SupervisorReport report) implements Command {}

    private record MountStates(Supervisor.Children children, ActorRef<Mounts> replyTo)
            implements Command {}

    public record Mounts(List<MountInfo> layers) {}

    /**
     * One layer as {@code mount} lists it; {@code state} is up, restarting, failed (given up on) or
     * unavailable, and {@code source} is the backing store or, when it cannot serve, why.
     */
    public record MountInfo(
            String name,
            String kind,
            String mode,
            String state,
            int restarts,
            String lastFailure,
            String source) {}

    /**
     * Requests held for a mount whose actor is down (it failed as it started); past it they fail at
     * once.
     */
    static final int HOLD = 1000;

    static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
    public static final Backoff BACKOFF =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2);

    /**
     * Each mount's own limit: past it that mount alone is given up on; the union serves the others.
     */
    public static final Intensity MOUNT_INTENSITY = Intensity.of(20, Duration.ofMinutes(1));

    private record Asked(UnionOp op, int index) {}

    // actor-confined: touched only in the message handlers
    private final ActorContext<Command> ctx;
    private final List<Layer> layers;
    private final List<ServiceHandle<FsProtocol.Request>> mounts;
    private final List<ArrayDeque<Runnable>> held = new ArrayList<>();
    private final ActorRef<Supervisor.Command> supervisor;
    private final Map<Long, Asked> asked = new HashMap<>();
    private long nextAsk;
    private final UnionOp.Layers view =
            new UnionOp.Layers() {
                public List<Layer> all() {
                    return layers;
                }

                public <R> void ask(
                        UnionOp op,
                        int index,
                        Class<R> type,
                        Function<ActorRef<R>, FsProtocol.Request> request) {
                    Vfs.this.ask(op, index, type, request);
                }
            };

    private Vfs(ActorContext<Command> ctx, List<Layer> layers, Backoff backoff) {
        this.ctx = ctx;
        this.layers = layers;
        this.mounts = new ArrayList<>();
        var specs = new ArrayList<ChildSpec<?>>();
        for (Layer l : layers) {
            var handle = new ServiceHandle<FsProtocol.Request>(l.name());
            mounts.add(handle);
            held.add(new ArrayDeque<>());
            specs.add(
                    ChildSpec.worker(l.name(), l.behavior())
                            .props(l.props())
                            .backoff(backoff)
                            .ownIntensity(MOUNT_INTENSITY)
                            .handle(handle)
                            .onCrash((msg, cause) -> {
                                if (msg instanceof FsProtocol.Request r) {
                                    FsProtocol.fail(
                                            r,
                                            new FsError.Io(
                                                    "the "
                                                            + l.name()
                                                            + " layer crashed ("
                                                            + Supervisor.describe(cause)
                                                            + ") while serving this and is being"
                                                            + " restarted; try again"));
                                }
                            }));
        }
        this.supervisor =
                ctx.spawn(
                        Supervisor.create(
                                "fs",
                                Strategy.ONE_FOR_ONE,
                                MOUNT_INTENSITY,
                                specs,
                                ctx.messageAdapter(SupervisorReport.class, Reported::new)),
                        "mounts");
    }

    /**
     * The root over {@code layers}, top first (names must differ), restarting mounts with {@link
     * #BACKOFF}.
     */
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
        return Behaviors.setup(ctx -> new Vfs(ctx, copy, backoff).receive());
    }

    private Behavior<Command> receive() {
        return Behaviors.receive(Command.class)
                .onMessage(Serve.class, this::onServe)
                .onMessage(ServeLayer.class, this::onServeLayer)
                .onMessage(Answered.class, this::onAnswered)
                .onMessage(GetMounts.class, this::onGetMounts)
                .onMessage(MountStates.class, this::onMountStates)
                .onMessage(InjectFault.class, this::onInjectFault)
                .onMessage(Reported.class, this::onReported)
                .onMessage(
                        Crash.class,
                        c -> {
                            throw new IllegalStateException(c.why());
                        })
                .build();
    }

    private Behavior<Command> onServe(Serve m) {
        UnionOp op =
                switch (m.request()) {
                    case FsProtocol.Stat s -> new UnionOp.Lookup(view, s, s.path());
                    case FsProtocol.Read r -> new UnionOp.Lookup(view, r, r.path());
                    case FsProtocol.ReadDir d -> new UnionOp.Listing(view, d);
                    case FsProtocol.Write w -> new UnionOp.Change(view, w);
                    case FsProtocol.MakeDir md -> new UnionOp.Change(view, md);
                    case FsProtocol.Delete d -> new UnionOp.Removal(view, d);
                    case FsProtocol.Describe d -> {
                        d.replyTo()
                                .tell(
                                        new FsProtocol.Description(
                                                "the union of "
                                                        + String.join(
                                                                " over ",
                                                                layers.stream()
                                                                        .map(Layer::name)
                                                                        .toList()),
                                                ""));
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
        FsProtocol.fail(
                m.request(),
                new FsError.InvalidArgument(
                        "no layer '"
                                + m.layer()
                                + "' (layers: "
                                + String.join(", ", layers.stream().map(Layer::name).toList())
                                + ")"));
        return Behaviors.same();
    }

    /** Sends {@code request} to layer {@code index} now, or when its actor is there again. */
    private <R> void ask(
            UnionOp op,
            int index,
            Class<R> type,
            Function<ActorRef<R>, FsProtocol.Request> request) {
        long id = nextAsk++;
        asked.put(id, new Asked(op, index));
        ServiceHandle<FsProtocol.Request> mount = mounts.get(index);
        String name = layers.get(index).name();
        Runnable send =
                () ->
                        ctx.ask(
                                type,
                                mount.current(),
                                ASK_TIMEOUT,
                                request::apply,
                                (answer, failure) ->
                                        new Answered(
                                                id,
                                                failure == null
                                                        ? answer
                                                        : failed(
                                                                "the "
                                                                        + name
                                                                        + " layer did not answer in"
                                                                        + " "
                                                                        + ASK_TIMEOUT.toSeconds()
                                                                        + " s")));
        var failure = mount.failure();
        if (failure.isPresent()) {
            ctx.getSelf()
                    .tell(
                            new Answered(
                                    id,
                                    failed("the " + name + " layer is down: " + failure.get())));
        } else if (mount.current() != null) {
            send.run();
        } else if (held.get(index).size() < HOLD) {
            held.get(index).add(send);
        } else {
            ctx.getSelf()
                    .tell(
                            new Answered(
                                    id, failed("the " + name + " layer is restarting; try again")));
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

    /**
     * A mount that started or came back takes what was held for it; one given up on answers it with
     * why.
     */
    private Behavior<Command> onReported(Reported m) {
        SupervisorReport r = m.report();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(r.offender())
                    && (r.context().equals("child_started")
                            || r.context().equals("child_restarted")
                            || r.context().equals("gave_up"))) {
                var queue = held.get(i);
                while (!queue.isEmpty()) {
                    queue.poll().run();
                }
            }
        }
        return Behaviors.same();
    }

    private Behavior<Command> onInjectFault(InjectFault m) {
        if (layers.stream().noneMatch(l -> l.name().equals(m.layer()))) {
            m.replyTo()
                    .tell(
                            new Supervisor.FaultRejected(
                                    "no layer '"
                                            + m.layer()
                                            + "' (layers: "
                                            + String.join(
                                                    ", ", layers.stream().map(Layer::name).toList())
                                            + ")"));
        } else {
            supervisor.tell(new Supervisor.InjectFault(m.layer(), m.replyTo()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onGetMounts(GetMounts m) {
        ctx.ask(
                Supervisor.Children.class,
                supervisor,
                ASK_TIMEOUT,
                Supervisor.GetChildren::new,
                (children, failure) -> new MountStates(children, m.replyTo()));
        return Behaviors.same();
    }

    private Behavior<Command> onMountStates(MountStates m) {
        var states = new ArrayList<MountInfo>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            var status = m.children() == null ? null : m.children().children().get(i);
            String state =
                    status == null
                            ? "restarting"
                            : switch (status.state()) {
                                case "running" -> "up";
                                case "failed" -> "failed";
                                default -> "restarting";
                            };
            states.add(
                    new MountInfo(
                            l.name(),
                            l.kind(),
                            l.mode(),
                            state,
                            status == null ? 0 : status.restarts(),
                            status == null ? "" : status.lastFailure(),
                            state.equals("failed") ? mounts.get(i).failure().orElse("-") : "-"));
        }
        new MountListing(view, states, m.replyTo()).start();
        return Behaviors.same();
    }
}
