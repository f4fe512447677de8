package honk.board;

import honk.storage.fs.HostLayer;
import honk.storage.ninep.NinePShare;

import java.util.Optional;

/**
 * A board that can offer a host directory: over 9P2000.L, or through a mount of its own. The
 * filesystem mounts it as its {@code host} layer (Boot registers it as the kernel's {@link
 * NinePShare} or {@link HostLayer}).
 */
public interface ShareBoard {
    /** The share to mount over 9P, if any. */
    Optional<NinePShare> hostShare();

    /** The board's own mount for the host layer, if it offers one instead of a 9P share. */
    default Optional<HostLayer> hostLayer() {
        return Optional.empty();
    }
}
