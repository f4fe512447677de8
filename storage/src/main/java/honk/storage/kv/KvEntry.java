package honk.storage.kv;

/**
 * Where a live value is: its absolute byte offset on the store's device, its length and CRC-32C,
 * and the bytes themselves when small enough to keep in memory ({@code inline}, else null: large
 * values stay on disk and are read and verified on each get). Immutable.
 */
record KvEntry(long seq, long offset, int length, int crc, byte[] inline) {}
