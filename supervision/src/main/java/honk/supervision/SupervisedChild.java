package honk.supervision;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.Signal;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.internal.UnstashException;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;

/**
 * The behavior a {@link Supervisor} spawns for one child: the child's own behavior, wrapped so that
 * the supervisor's {@link Fault} crashes it exactly as a real exception would, and so that the
 * supervisor hears of every crash.
 *
 * <p>A child restarted in place ({@link ChildSpec#inPlace()}) is restarted by Akka inside the same
 * actor, at once, into a holding state: what arrives is stashed (up to {@link #HOLD}) until the
 * supervisor, which decided on the restart and waited out the backoff, sends {@link Release}; then
 * the child's behavior starts again and takes the held messages in order. The stash outlives a
 * crash during that hand-over, so messages not yet taken wait for the next release. Only exceptions
 * take this path: an {@link Error} (or a crash while the actor first starts) stops the actor, and
 * the supervisor spawns a new one, as for any other child. An incarnation ended by a restart in
 * place gets {@link PostStop}, as if it had been stopped, so a behavior that releases what it holds
 * (a connection, a binding) on PostStop does so whichever way it is restarted.
 *
 * <p>Package-private: only the supervisor spawns it and sends it control messages.
 */
final class SupervisedChild {
    /** Messages held for a child in place while it restarts; past it they go to dead letters. */
    static final int HOLD = 10_000;

    /** Crash now, as if the child had thrown (the shell's {@code fault}). */
    record Fault() {}

    /**
     * Restart in place without a crash: a sibling crashed and the strategy takes this child too.
     */
    record Recycle() {}

    /** The backoff is over: start the child's behavior again and hand it what was held. */
    record Release() {}

    /** Thrown to make Akka restart the child for {@link Recycle}; not a crash, never reported. */
    private static final class Recycled extends RuntimeException {
        Recycled() {
            super("restarted with a sibling", null, false, false);
        }
    }

    /** What a child in place keeps across its restarts. Confined to the child's actor. */
    private static final class Life {
        boolean held; // crashed or recycled, waiting for Release
        StashBuffer<Object> stash; // made by the first hold, kept for every later one
    }

    private SupervisedChild() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Behavior<Object> create(ChildSpec<?> spec, ActorRef<Supervisor.Command> supervisor) {
        Behavior<Object> own = (Behavior) spec.behavior();
        if (!spec.inPlace()) {
            return Behaviors.supervise(
                            Behaviors.intercept(() -> new Tap(spec.id(), null, null, null), own))
                    .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false));
        }
        return Behaviors.setup(ctx -> {
            var life = new Life();
            Behavior<Object> body = Behaviors.setup(c -> life.held ? holding(life, own) : own);
            return Behaviors.supervise(
                            Behaviors.intercept(
                                    () -> new Tap(spec.id(), supervisor, life, spec.onCrash()),
                                    body))
                    .onFailure(
                            Exception.class,
                            SupervisorStrategy.restart().withLoggingEnabled(false));
        });
    }

    /** Stashes everything until {@link Release}, then starts {@code own} on what was held. */
    private static Behavior<Object> holding(Life life, Behavior<Object> own) {
        if (life.stash == null) {
            return Behaviors.withStash(
                    HOLD,
                    stash -> {
                        life.stash = stash;
                        return holding(life, own);
                    });
        }
        return Behaviors.setup(ctx ->
                Behaviors.receiveMessage(m -> {
                    if (m instanceof Release) {
                        life.held = false;
                        return life.stash.unstashAll(own);
                    }
                    if (life.stash.isFull()) {
                        ctx.getSystem().deadLetters().tell(m);
                    } else {
                        life.stash.stash(m);
                    }
                    return Behaviors.same();
                }));
    }

    /**
     * Turns {@link Fault} into a crash and tells the supervisor of each crash of a child in place
     * before Akka restarts it. {@code supervisor} and {@code life} are null for other children,
     * whose crash the supervisor learns from their termination.
     */
    private static final class Tap extends BehaviorInterceptor<Object, Object> {
        private final String id;
        private final ActorRef<Supervisor.Command> supervisor;
        private final Life life;
        private final ChildSpec.CrashListener onCrash;

        Tap(
                String id,
                ActorRef<Supervisor.Command> supervisor,
                Life life,
                ChildSpec.CrashListener onCrash) {
            super(Object.class);
            this.id = id;
            this.supervisor = supervisor;
            this.life = life;
            this.onCrash = onCrash;
        }

        @Override
        public Behavior<Object> aroundReceive(
                TypedActorContext<Object> ctx, Object msg, ReceiveTarget<Object> target) {
            if (msg instanceof Fault) {
                return crashed(ctx, null, new InjectedFaultException(id));
            }
            if (msg instanceof Recycle) {
                if (life == null || life.held) {
                    return Behaviors.same(); // already holding: its stash must not be dropped
                }
                life.held = true;
                throw new Recycled();
            }
            if (msg instanceof Release && (life == null || !life.held)) {
                return Behaviors.same(); // a release that crossed a later crash
            }
            try {
                return target.apply(ctx, msg);
            } catch (Recycled e) {
                throw e;
            } catch (Exception e) {
                return crashed(ctx, msg instanceof Release ? null : msg, e);
            }
        }

        @Override
        public Behavior<Object> aroundSignal(
                TypedActorContext<Object> ctx, Signal signal, SignalTarget<Object> target) {
            if (signal instanceof PreRestart && life != null) {
                // an incarnation ends here as it would by a stop: it releases what it holds on
                // PostStop
                return target.apply(ctx, PostStop.instance());
            }
            if (signal instanceof PostStop || signal instanceof PreRestart) {
                return target.apply(ctx, signal); // Akka logs a failure here; it restarts nothing
            }
            try {
                return target.apply(ctx, signal);
            } catch (Exception e) {
                return crashed(ctx, null, e);
            }
        }

        /**
         * Tells the supervisor (a child in place), answers the message it crashed on, and rethrows.
         */
        private Behavior<Object> crashed(TypedActorContext<Object> ctx, Object msg, Exception e) {
            if (life != null
                    && !(e
                            instanceof
                            InterruptedException)) { // Akka does not restart on an interrupt
                life.held = true;
                // A crash while a behavior takes its stashed messages reaches here wrapped by Akka
                // (an internal class, with a public unwrap): report what the child threw.
                Throwable thrown = UnstashException.unwrap(e);
                Exception cause = thrown instanceof Exception x ? x : e;
                if (onCrash != null && msg != null) {
                    try {
                        onCrash.crashed(msg, cause);
                    } catch (RuntimeException answerFailed) {
                        e.addSuppressed(answerFailed);
                    }
                }
                supervisor.tell(new Supervisor.ChildCrashed(ctx.asJava().getSelf(), cause));
            }
            throw Supervisor.sneaky(e);
        }
    }
}
