package honk.storage.block;

/**
 * How honk divides its primary device: image slot A and image slot B for the signed core (16 MiB
 * each), two blocks for the core's anti-rollback floor, the KV store's region, and a 1 MiB scratch
 * area at the end that {@code blk test} may overwrite. Pure Java.
 */
public record Layout(Slice slotA, Slice slotB, Slice floor, Slice kv, Slice scratch) {
    public static final long SLOT_BYTES = 16L << 20;
    public static final long SCRATCH_BYTES = 1L << 20;

    /** The smallest device honk lays out: both slots, 4 MiB of KV region, the scratch area. */
    public static final long MIN_BYTES = 2 * SLOT_BYTES + (4L << 20) + SCRATCH_BYTES;

    public static Layout of(BlockPort device) {
        if (device.sizeBytes() < MIN_BYTES) {
            throw new IllegalArgumentException(
                    device.describe()
                            + " has "
                            + device.sizeBytes() / 1024
                            + " KiB; honk needs at least "
                            + MIN_BYTES / (1 << 20)
                            + " MiB (two 16 MiB image slots, the KV region, 1 MiB scratch)");
        }
        long bs = device.blockSize();
        long slot = SLOT_BYTES / bs;
        long scratch = SCRATCH_BYTES / bs;
        long kv = device.blockCount() - 2 * slot - 2 - scratch;
        return new Layout(
                new Slice(device, 0, slot, "slot A"),
                new Slice(device, slot, slot, "slot B"),
                new Slice(device, 2 * slot, 2, "floor"),
                new Slice(device, 2 * slot + 2, kv, "kv"),
                new Slice(device, device.blockCount() - scratch, scratch, "scratch"));
    }
}
