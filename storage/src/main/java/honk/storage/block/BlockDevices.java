package honk.storage.block;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The block devices a board offers storage, registered by the composition root in the kernel's
 * registry: the primary device once it is found (NVMe first, virtio-blk as the fallback under QEMU;
 * a file on the host board), or a failure that says why there is none.
 */
public interface BlockDevices {
    CompletionStage<BlockPort> primary();

    /**
     * The board's other devices, opened, once discovery is done; each gets a driver actor of its
     * own.
     */
    default CompletionStage<List<BlockPort>> others() {
        return CompletableFuture.completedFuture(List.of());
    }
}
