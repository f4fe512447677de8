package honk.supervision;

import akka.actor.typed.Behavior;
import akka.actor.typed.Props;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a supervisor starts and restarts one child. The behavior is started again on each restart, so
 * it must be a factory ({@code Behaviors.setup}) rather than a behavior holding state.
 *
 * <p>A child is restarted in one of two ways. By default, as in OTP, a crashed child is stopped and
 * a new actor is spawned after the backoff: its {@link ServiceHandle} holds what is sent meanwhile,
 * but what sat in the dead actor's mailbox is lost. A child {@link #restartedInPlace() restarted in
 * place} keeps its actor, address and mailbox across restarts: its behavior is started again inside
 * the same actor and what arrives during the backoff waits in a stash; only the message it crashed
 * on is lost, and {@link #onCrash} can answer that one. Services that queue requests use the second
 * way.
 *
 * @param handle optional stable address: the supervisor points it at each new incarnation
 * @param props how the child is spawned, e.g. on a dispatcher for blocking I/O
 * @param inPlace whether the child keeps its actor and mailbox across restarts
 * @param ownIntensity null: the child's restarts count against its supervisor's intensity, and past
 *     it the supervisor gives up (escalates). Otherwise they count against this limit alone and
 *     past it only this child is given up on (state {@code failed}); the supervisor and its other
 *     children go on. For services that fail for reasons outside the kernel (a disk, a port in
 *     use).
 * @param onCrash optional, for a child in place: told the message it crashed on and the cause, on
 *     the child's own thread, before the restart (not told of a crash outside a message); used to
 *     answer the request that crashed it
 */
public record ChildSpec<T>(
        String id,
        Behavior<T> behavior,
        Restart restart,
        Backoff backoff,
        ServiceHandle<T> handle,
        Props props,
        boolean inPlace,
        Intensity ownIntensity,
        CrashListener onCrash) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** What a child in place does with the message it crashed on. */
    @FunctionalInterface
    public interface CrashListener {
        /**
         * @param message the message being handled when the child crashed, or null
         */
        void crashed(Object message, Throwable cause);
    }

    public ChildSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(props, "props");
        if (!ID.matcher(id).matches()) {
            throw new InvalidChildSpecException(
                    id + ": a child id is 1-32 of [a-z0-9-], starting with a letter");
        }
        if (onCrash != null && !inPlace) {
            throw new InvalidChildSpecException(
                    id
                            + ": onCrash needs a child restarted in place (a new actor never sees"
                            + " the message)");
        }
    }

    /** A permanent worker with honk's default backoff and no handle. */
    public static <T> ChildSpec<T> worker(String id, Behavior<T> behavior) {
        return new ChildSpec<>(
                id,
                behavior,
                Restart.PERMANENT,
                Backoff.DEFAULT,
                null,
                Props.empty(),
                false,
                null,
                null);
    }

    public ChildSpec<T> restart(Restart r) {
        return new ChildSpec<>(
                id, behavior, r, backoff, handle, props, inPlace, ownIntensity, onCrash);
    }

    public ChildSpec<T> backoff(Backoff b) {
        return new ChildSpec<>(
                id, behavior, restart, b, handle, props, inPlace, ownIntensity, onCrash);
    }

    public ChildSpec<T> handle(ServiceHandle<T> h) {
        return new ChildSpec<>(
                id, behavior, restart, backoff, h, props, inPlace, ownIntensity, onCrash);
    }

    /** Spawns the child with {@code p} (a dispatcher for blocking I/O, say). */
    public ChildSpec<T> props(Props p) {
        return new ChildSpec<>(
                id, behavior, restart, backoff, handle, p, inPlace, ownIntensity, onCrash);
    }

    /** Restarts the child in place: the same actor, address and mailbox (see the class comment). */
    public ChildSpec<T> restartedInPlace() {
        return new ChildSpec<>(
                id, behavior, restart, backoff, handle, props, true, ownIntensity, onCrash);
    }

    /**
     * Counts this child's restarts against {@code limit} alone; past it only this child is given
     * up.
     */
    public ChildSpec<T> ownIntensity(Intensity limit) {
        return new ChildSpec<>(
                id, behavior, restart, backoff, handle, props, inPlace, limit, onCrash);
    }

    /** Restarts in place and tells {@code listener} the message the child crashed on. */
    public ChildSpec<T> onCrash(CrashListener listener) {
        return new ChildSpec<>(
                id, behavior, restart, backoff, handle, props, true, ownIntensity, listener);
    }
}
