package honk.storage.fs;

import akka.actor.typed.Behavior;
import akka.actor.typed.Props;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One layer of the union as the {@link Vfs} root mounts it: a name ({@code kv}, {@code core}, later
 * a host share's), the kind of mount, whether it may be written, and the mount actor speaking
 * {@link FsProtocol}. The root spawns {@code behavior} again on every restart, so it must be a
 * factory ({@code Behaviors.setup}).
 *
 * @param props how the mount is spawned, e.g. on the dispatcher for blocking I/O
 */
public record Layer(
        String name,
        String kind,
        boolean writable,
        Behavior<FsProtocol.Request> behavior,
        Props props) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public Layer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(props, "props");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "layer name '" + name + "': 1-32 of [a-z0-9-], starting with a letter");
        }
    }

    public String mode() {
        return writable ? "rw" : "ro";
    }
}
