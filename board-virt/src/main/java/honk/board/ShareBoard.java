package honk.board;

import honk.storage.ninep.NinePShare;
import java.util.Optional;

/**
 * A board that can offer a host directory over 9P2000.L: the filesystem mounts it as its
 * {@code host} layer (Boot registers it as the kernel's {@link NinePShare}).
 */
public interface ShareBoard {
    Optional<NinePShare> hostShare();
}
