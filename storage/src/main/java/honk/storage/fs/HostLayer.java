package honk.storage.fs;

import akka.actor.typed.Behavior;

import java.util.Objects;

/**
 * A board's own mount for the {@code host} layer, in place of the 9P one ({@link HostMount}): the
 * host board registers one when it shares a directory without a 9P server to serve it. It speaks
 * the same mount protocol, so the union and the shell cannot tell the difference. Registered in the
 * kernel's registry before the filesystem starts.
 *
 * @param mount a factory ({@code Behaviors.setup}), spawned again on every restart
 */
public record HostLayer(Behavior<FsProtocol.Request> mount) {
    public HostLayer {
        Objects.requireNonNull(mount, "mount");
    }
}
