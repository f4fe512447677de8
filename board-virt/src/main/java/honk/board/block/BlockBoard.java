package honk.board.block;

import honk.storage.block.BlockPort;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A board that has block devices. Declared here, not on the kernel's {@code BoardPort}, because
 * opening a device yields storage's {@link BlockPort}, which the actors module cannot see; the
 * {@code blk} command finds it by asking whether the kernel's board is one of these.
 */
public interface BlockBoard {
    /** What to tell a user who has no block device. */
    String HOW_TO_ATTACH =
            "attach one: scripts/run --disk FILE (NVMe) or --virtio-blk FILE under QEMU,"
                    + " scripts/run --host --disk FILE on the host";

    /**
     * The devices, the primary one first. Completes once discovery is done: on the virt board after
     * the drivers have been loaded and their disks have appeared, which is some seconds after the
     * prompt. Never fails; no devices is an empty list.
     */
    CompletionStage<List<BlockDeviceInfo>> blockDevices();

    /**
     * Opens the primary device once discovery is done, for storage to own (and close). Fails with
     * an {@link IOException} that says why: no device, or the kernel's reason it cannot be opened.
     */
    default CompletionStage<BlockPort> openPrimary() {
        return blockDevices()
                .thenApply(found -> {
                    if (found.isEmpty()) {
                        throw new CompletionException(
                                new IOException("no block device (" + HOW_TO_ATTACH + ")"));
                    }
                    try {
                        return found.get(0).open();
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    /**
     * Opens every device after the primary once discovery is done, for storage to give each a
     * driver actor. A device that cannot be opened is left out (its open error is what {@code blk}
     * reports when asked); none is an empty list.
     */
    default CompletionStage<List<BlockPort>> openOthers() {
        return blockDevices()
                .thenApply(found -> {
                    var opened = new java.util.ArrayList<BlockPort>();
                    for (BlockDeviceInfo d :
                            found.subList(Math.min(1, found.size()), found.size())) {
                        try {
                            opened.add(d.open());
                        } catch (IOException e) {
                            // not fatal: the primary is what storage needs
                        }
                    }
                    return List.copyOf(opened);
                });
    }
}
