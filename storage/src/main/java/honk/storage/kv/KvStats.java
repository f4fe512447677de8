package honk.storage.kv;

/**
 * A KV store's figures: live keys, blocks used of the active region and its size, the superblock
 * generation, the next sequence number, batches committed and compactions since open.
 */
public record KvStats(
        int keys,
        long usedBlocks,
        long regionBlocks,
        int blockSize,
        long generation,
        long nextSeq,
        long batches,
        long compactions) {}
