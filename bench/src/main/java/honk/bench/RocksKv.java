package honk.bench;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The peer: RocksDB (rocksdbjni) in a directory beside honk's disk file. A put is {@code
 * db.put(WriteOptions.setSync(true), ...)}: the WAL is fdatasync'ed before it returns, and
 * concurrent writers share a sync through RocksDB's own write group. Two configurations: RocksDB's
 * defaults, and {@linkplain #walOnly a memtable as large as the data}, so that everything written
 * stays in the WAL and reopening replays it all, as honk replays its log.
 */
final class RocksKv implements KvEngine {
    /** The memtable of the WAL-only configuration: larger than any log the benchmark writes. */
    private static final long WAL_ONLY_MEMTABLE = 8L << 30;

    private static final int LOAD_BATCH = 1000;

    static {
        RocksDB.loadLibrary();
    }

    private final String name;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions sync = new WriteOptions().setSync(true);

    private RocksKv(String name, Options options, RocksDB db) {
        this.name = name;
        this.options = options;
        this.db = db;
    }

    /** RocksDB with its default options (plus create-if-missing) in {@code dir}. */
    static RocksKv open(Path dir) throws Exception {
        var options = new Options().setCreateIfMissing(true);
        return new RocksKv("rocksdb", options, RocksDB.open(options, dir.toString()));
    }

    /**
     * RocksDB that never flushes its memtable, on shutdown or after recovery: what it wrote is all
     * in its WAL, and opening it replays the whole WAL.
     */
    static RocksKv walOnly(Path dir) throws Exception {
        var options =
                new Options()
                        .setCreateIfMissing(true)
                        .setWriteBufferSize(WAL_ONLY_MEMTABLE)
                        .setMaxTotalWalSize(WAL_ONLY_MEMTABLE)
                        .setAvoidFlushDuringShutdown(true)
                        .setAvoidFlushDuringRecovery(true);
        return new RocksKv("rocksdb-wal", options, RocksDB.open(options, dir.toString()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void put(String key, byte[] value) throws Exception {
        db.put(sync, key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Batches of {@value #LOAD_BATCH} puts without sync, then one WAL sync. */
    @Override
    public void load(List<String> keys, java.util.function.IntFunction<byte[]> values)
            throws Exception {
        try (var async = new WriteOptions()) {
            for (int from = 0; from < keys.size(); from += LOAD_BATCH) {
                try (var batch = new WriteBatch()) {
                    for (int i = from; i < Math.min(keys.size(), from + LOAD_BATCH); i++) {
                        batch.put(keys.get(i).getBytes(StandardCharsets.UTF_8), values.apply(i));
                    }
                    db.write(async, batch);
                }
            }
        }
        db.flushWal(true);
    }

    @Override
    public byte[] get(String key) throws Exception {
        return db.get(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        db.close();
        sync.close();
        options.close();
    }
}
