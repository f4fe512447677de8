package honk.storage.kv;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the KV store from any thread without going through its appender: the open log's
 * published index (and, for large values, the device). Sees every acknowledged write.
 */
public final class KvReader {
    private final AtomicReference<KvLog> log;

    public KvReader(AtomicReference<KvLog> log) {
        this.log = log;
    }

    private KvLog open() throws KvException {
        KvLog l = log.get();
        if (l == null) {
            throw new KvException("the KV store is not open (no block device yet, or it is recovering); try again");
        }
        return l;
    }

    public Optional<byte[]> get(String key) throws IOException {
        return open().get(key);
    }

    public List<String> keys() throws KvException {
        return open().keys();
    }

    public KvStats stats() throws KvException {
        return open().stats();
    }
}
