package honk.storage.fs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;

import honk.actors.kernel.Entries;
import honk.actors.kernel.Kernel;
import honk.actors.kernel.ServiceProvider;
import honk.storage.core.CoreService;
import honk.storage.kv.KvService;
import honk.storage.ninep.NinePShare;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;
import honk.supervision.Supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The running filesystem as the kernel's registry holds it: the VFS root's handle and the asks made
 * of it, each answered with a typed reply (a root that stays down or silent is an {@link
 * FsError.Io}, never a hang). It reaches the whole union: the kernel's own code holds it (the
 * shell's commands); a process gets a {@link FilesCapability} instead. Thread-safe.
 */
public final class FsService {
    /** How long an ask of the root may take: longer than the root's own wait for one layer. */
    static final Duration ASK = Vfs.ASK_TIMEOUT.plusSeconds(10);

    /**
     * How often, and how many times, a request looks again for a root that is not running (10 s:
     * its longest backoff).
     */
    private static final Duration UP_WAIT_STEP = Duration.ofMillis(50);

    private static final int UP_WAIT_STEPS = 200;
    private static final String RESTARTING =
            "the filesystem is not running (it keeps restarting); see 'tree' and 'log'";

    private final ServiceHandle<Vfs.Command> vfs;
    private final Scheduler scheduler;
    private final String layer; // null: the union

    public FsService(ServiceHandle<Vfs.Command> vfs, Scheduler scheduler) {
        this(vfs, scheduler, null);
    }

    private FsService(ServiceHandle<Vfs.Command> vfs, Scheduler scheduler, String layer) {
        this.vfs = vfs;
        this.scheduler = scheduler;
        this.layer = layer;
    }

    /** The root's handle, for tests in this package. */
    ServiceHandle<Vfs.Command> root() {
        return vfs;
    }

    /**
     * The same service aimed at the one layer {@code name} instead of the union (null: the union
     * again).
     */
    public FsService layer(String name) {
        return new FsService(vfs, scheduler, name);
    }

    /** The layer this service is aimed at, or empty for the union. */
    public java.util.Optional<String> layer() {
        return java.util.Optional.ofNullable(layer);
    }

    /**
     * Sets up the filesystem service on {@code kernel}: the layers kv (read-write, over {@code kv})
     * over host (read-write: the board's own {@link HostLayer}, or else the {@link NinePShare}
     * handed over as a stage, since the virt board's share comes when its device is probed) over
     * core (read-only, over {@code core}), this service provided through {@code entries}, and the
     * {@code files} capability kind in the catalog. Returns the root's child spec: like the KV
     * store, a standalone service; a request it crashed on is answered with the reason.
     */
    public static ChildSpec<Vfs.Command> install(
            Kernel kernel, Entries entries, KvService kv, Optional<CoreService> core) {
        var handle = new ServiceHandle<Vfs.Command>("fs");
        var service = new FsService(handle, kernel.system().scheduler());
        entries.provide(FsService.class, service);
        kernel.capabilities()
                .registerFamily(
                        FilesCapability.KIND,
                        FilesCapability.SYNOPSIS,
                        name -> FilesCapability.mint(name, service));
        CompletableFuture<NinePShare> share = entries.later(NinePShare.class).toCompletableFuture();
        List<Layer> layers =
                List.of( // top first
                        new Layer(
                                "kv",
                                "kv",
                                true,
                                KvMount.create(kv),
                                DispatcherSelector.blocking()),
                        entries.use(HostLayer.class)
                                .map(own ->
                                        new Layer(
                                                HostMount.LAYER,
                                                "dir",
                                                true,
                                                own.mount(),
                                                DispatcherSelector.blocking()))
                                .orElseGet(() ->
                                        new Layer(
                                                HostMount.LAYER,
                                                "9p",
                                                true,
                                                HostMount.create(() -> now(share)),
                                                DispatcherSelector.blocking())),
                        new Layer(
                                "core",
                                "core",
                                false,
                                CoreMount.create(() -> core),
                                DispatcherSelector.blocking()));
        return ServiceProvider.standalone("fs", Vfs.create(layers))
                .handle(handle)
                .onCrash((msg, cause) -> {
                    FsProtocol.Request r =
                            msg instanceof Vfs.Serve s
                                    ? s.request()
                                    : msg instanceof Vfs.ServeLayer l ? l.request() : null;
                    if (r != null) {
                        FsProtocol.fail(
                                r,
                                new FsError.Io(
                                        "the filesystem crashed ("
                                                + Supervisor.describe(cause)
                                                + ") while serving this and is being restarted; try"
                                                + " again"));
                    }
                });
    }

    /** Why the root cannot take a request: given up on, or still restarting. */
    private String down() {
        return vfs.failure()
                .map(why -> "the filesystem is down: " + why + "; see 'tree' and 'log'")
                .orElse(RESTARTING);
    }

    /** The stage's value if it has come, else empty (not yet, or never: its provider failed). */
    private static <T> Optional<T> now(CompletableFuture<T> stage) {
        return stage.state() == Future.State.SUCCESS
                ? Optional.of(stage.resultNow())
                : Optional.empty();
    }

    public CompletionStage<FsProtocol.StatReply> stat(FsPath path) {
        return serve(r -> new FsProtocol.Stat(path, r));
    }

    public CompletionStage<FsProtocol.ReadDirReply> list(FsPath path) {
        return serve(r -> new FsProtocol.ReadDir(path, r));
    }

    /**
     * Up to {@code length} bytes from {@code offset}; {@link FsProtocol.Read#WHOLE} reads to the
     * end.
     */
    public CompletionStage<FsProtocol.ReadReply> read(FsPath path, long offset, int length) {
        return serve(r -> new FsProtocol.Read(path, offset, length, r));
    }

    public CompletionStage<FsProtocol.ChangeReply> write(FsPath path, byte[] data) {
        return serve(r -> new FsProtocol.Write(path, data, r));
    }

    public CompletionStage<FsProtocol.ChangeReply> delete(FsPath path) {
        return serve(r -> new FsProtocol.Delete(path, r));
    }

    public CompletionStage<FsProtocol.ChangeReply> mkdir(FsPath path) {
        return serve(r -> new FsProtocol.MakeDir(path, r));
    }

    /** The layers, top first, with their state; fails if the root stays down. */
    public CompletionStage<Vfs.Mounts> mounts() {
        return withRoot(
                root -> AskPattern.ask(root, Vfs.GetMounts::new, ASK, scheduler),
                () -> {
                    throw new IllegalStateException(down());
                },
                UP_WAIT_STEPS);
    }

    /** Crashes the mount {@code layer} on purpose; answers once its restart is done. */
    public CompletionStage<Supervisor.FaultResult> fault(String layer) {
        return withRoot(
                root -> AskPattern.ask(root, r -> new Vfs.InjectFault(layer, r), ASK, scheduler),
                () -> new Supervisor.FaultRejected(down()),
                UP_WAIT_STEPS);
    }

    @SuppressWarnings("unchecked")
    private <R extends FsProtocol.Reply> CompletionStage<R> serve(
            Function<ActorRef<R>, FsProtocol.Request> request) {
        return withRoot(
                root -> {
                    CompletionStage<R> answer =
                            AskPattern.ask(
                                    root,
                                    r ->
                                            layer == null
                                                    ? new Vfs.Serve(request.apply(r))
                                                    : new Vfs.ServeLayer(layer, request.apply(r)),
                                    ASK,
                                    scheduler);
                    return answer.exceptionally(t ->
                            (R)
                                    new FsProtocol.Failed(
                                            new FsError.Io(
                                                    "the filesystem did not answer in "
                                                            + ASK.toSeconds()
                                                            + " s")));
                },
                () -> (R) new FsProtocol.Failed(new FsError.Io(down())),
                UP_WAIT_STEPS);
    }

    /**
     * Runs {@code ask} on the root once it is running: right after boot, or while it restarts, the
     * handle is empty for a moment, so look again every {@link #UP_WAIT_STEP} for a while.
     */
    private <T> CompletionStage<T> withRoot(
            Function<ActorRef<Vfs.Command>, CompletionStage<T>> ask, Supplier<T> down, int steps) {
        ActorRef<Vfs.Command> root = vfs.current();
        if (root != null) {
            return ask.apply(root);
        }
        if (steps == 0 || vfs.failure().isPresent()) {
            return CompletableFuture.supplyAsync(down);
        }
        return CompletableFuture.runAsync(
                        () -> {},
                        CompletableFuture.delayedExecutor(
                                UP_WAIT_STEP.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(v -> withRoot(ask, down, steps - 1));
    }
}
