package honk.supervision;

import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a supervisor starts and restarts one child. The behavior is spawned again on each restart,
 * so it must be a factory ({@code Behaviors.setup}) rather than a behavior holding state.
 *
 * @param handle optional stable address: the supervisor points it at each new incarnation
 * @param props how the child is spawned, e.g. on a dispatcher for blocking I/O
 */
public record ChildSpec<T>(
        String id, Behavior<T> behavior, Restart restart, Backoff backoff, ServiceHandle<T> handle, Props props) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

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
    }

    /** A permanent worker with honk's default backoff and no handle. */
    public static <T> ChildSpec<T> worker(String id, Behavior<T> behavior) {
        return new ChildSpec<>(id, behavior, Restart.PERMANENT, Backoff.DEFAULT, null, Props.empty());
    }

    public ChildSpec<T> restart(Restart r) {
        return new ChildSpec<>(id, behavior, r, backoff, handle, props);
    }

    public ChildSpec<T> backoff(Backoff b) {
        return new ChildSpec<>(id, behavior, restart, b, handle, props);
    }

    public ChildSpec<T> handle(ServiceHandle<T> h) {
        return new ChildSpec<>(id, behavior, restart, backoff, h, props);
    }

    /** Spawns the child with {@code p} (a dispatcher for blocking I/O, say). */
    public ChildSpec<T> props(Props p) {
        return new ChildSpec<>(id, behavior, restart, backoff, handle, p);
    }
}
