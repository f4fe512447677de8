package honk.board.block;

/** What carries a block device. The order is the order of preference for the primary device. */
public enum BlockKind {
    NVME("NVMe"),
    VIRTIO_BLK("virtio-blk"),
    FILE("file"),
    MEMORY("memory");

    private final String label;

    BlockKind(String label) {
        this.label = label;
    }

    /** The name the shell shows: {@code NVMe}, {@code virtio-blk}, {@code file}, {@code memory}. */
    public String label() {
        return label;
    }
}
