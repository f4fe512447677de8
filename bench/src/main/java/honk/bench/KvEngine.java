package honk.bench;

/**
 * A key-value store as the storage benchmark drives it: durable puts (acknowledged only once on
 * disk), bulk loads and reads, from many threads at once. Implemented over honk's KV store and over
 * RocksDB, so that both run the same workload.
 */
interface KvEngine extends AutoCloseable {
    /** The name printed beside each figure: {@code honk} or {@code rocksdb}. */
    String name();

    /** One durable put: returns once the write is on disk (flushed). Thread-safe. */
    void put(String key, byte[] value) throws Exception;

    /**
     * Writes {@code keys}, key {@code i} with {@code values.apply(i)}, as fast as the engine can
     * while still ending durable: the loader for the read and recovery workloads, not a measured
     * figure.
     */
    void load(java.util.List<String> keys, java.util.function.IntFunction<byte[]> values)
            throws Exception;

    /** The value under {@code key}, or null. Thread-safe. */
    byte[] get(String key) throws Exception;
}
