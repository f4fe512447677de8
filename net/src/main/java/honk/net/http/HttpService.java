package honk.net.http;

import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;

import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP inspection service: a system actor that owns the listening server. It waits for the
 * shell prompt (boot time matters more than the API), then starts Akka HTTP on the blocking
 * dispatcher, so that loading its classes never holds up a hart's dispatcher thread. A port in use
 * is retried briefly (a restarted service may race its predecessor's unbind), then reported on the
 * console once; the service stays up without a server instead of crash-looping. Stopping or
 * restarting closes the server (a start still in flight is closed when it completes). Runs on both
 * boards.
 */
public final class HttpService {
    public sealed interface Command {}

    private record CheckBoot() implements Command {}

    private record Start(int attempt) implements Command {}

    private record Started(RunningServer server) implements Command {}

    private record StartFailed(Throwable cause, int attempt) implements Command {}

    /**
     * Test-only: makes the service itself throw {@code why}, as a bug in it would
     * (package-private).
     */
    record Crash(String why) implements Command {}

    /** How often the service looks whether the prompt is up. */
    static final Duration BOOT_POLL = Duration.ofMillis(50);

    /**
     * Binding a port in use is tried this many times, {@link #RETRY} apart, before it is reported.
     */
    static final int ATTEMPTS = 5;

    static final Duration RETRY = Duration.ofMillis(300);

    static Behavior<Command> create(HttpSetup setup) {
        return Behaviors.setup(
                ctx -> Behaviors.withTimers(timers -> new HttpService(ctx, timers, setup).begin()));
    }

    // actor-confined
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final HttpSetup setup;
    private CompletableFuture<RunningServer> starting; // the start in flight, if any
    private RunningServer server;

    private HttpService(
            ActorContext<Command> ctx, TimerScheduler<Command> timers, HttpSetup setup) {
        this.ctx = ctx;
        this.timers = timers;
        this.setup = setup;
    }

    private Behavior<Command> begin() {
        ctx.getSelf().tell(new CheckBoot());
        return Behaviors.receive(Command.class)
                .onAnyMessage(this::onMessage)
                .onSignal(PostStop.class, s -> onStop())
                .onSignal(
                        PreRestart.class,
                        s -> onStop()) // restarted in place by the system supervisor: unbind first
                .build();
    }

    private Behavior<Command> onMessage(Command msg) {
        switch (msg) {
            case CheckBoot c when setup.kernel().booted() -> ctx.getSelf().tell(new Start(1));
            case CheckBoot c -> timers.startSingleTimer(c, BOOT_POLL);
            case Start s -> onStart(s);
            case Started s -> onStarted(s);
            case StartFailed f -> onStartFailed(f);
            case Crash c -> throw new IllegalStateException(c.why());
        }
        return Behaviors.same();
    }

    private void onStart(Start s) {
        var blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        starting =
                CompletableFuture.supplyAsync(() -> AkkaHttpServer.start(setup), blocking)
                        .thenCompose(stage -> stage)
                        .toCompletableFuture();
        ctx.pipeToSelf(
                starting,
                (server, error) ->
                        error == null ? new Started(server) : new StartFailed(error, s.attempt()));
    }

    private void onStarted(Started s) {
        starting = null;
        server = s.server();
        boolean first = !setup.endpoint().firstBinding().toCompletableFuture().isDone();
        var console = setup.kernel().console();
        console.println(
                "http: serving on http://"
                        + setup.settings().host()
                        + ":"
                        + server.address().getPort()
                        + "/");
        if (first) {
            console.println(
                    "http: token " + setup.token().reveal()); // once per boot, never in a response
        }
        setup.endpoint()
                .bound(server.address()); // last: whoever waits for the binding finds the lines
        // printed
    }

    private void onStartFailed(StartFailed f) {
        starting = null;
        Throwable cause = rootCause(f.cause());
        boolean inUse = cause instanceof BindException;
        if (inUse && f.attempt() < ATTEMPTS) {
            timers.startSingleTimer(new Start(f.attempt() + 1), RETRY);
            return;
        }
        String where = setup.settings().host() + ":" + setup.settings().port();
        String why =
                inUse
                        ? "cannot listen on "
                                + where
                                + ": the address is in use (pick another port: scripts/run --host"
                                + " --http-port PORT)"
                        : "cannot listen on "
                                + where
                                + ": "
                                + cause.getClass().getSimpleName()
                                + ": "
                                + cause.getMessage();
        setup.endpoint().failed(why);
        setup.kernel().console().println("http: " + why);
    }

    private Behavior<Command> onStop() {
        setup.endpoint().unbound();
        if (server != null) {
            server.stop();
        }
        if (starting != null) {
            starting.thenAccept(RunningServer::stop); // it binds after this incarnation is gone
        }
        return Behaviors.same();
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
