package honk.storage.kv;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the KV store from any thread without going through its appender: the open log's published
 * index (and, for large values, the device). Sees every acknowledged write.
 */
public final class KvReader {
    private final AtomicReference<KvLog> log;
    private final AtomicReference<String> unavailable;

    public KvReader(AtomicReference<KvLog> log) {
        this(log, new AtomicReference<>());
    }

    /**
     * @param unavailable why the store could not be opened, as its appender publishes it (null: it
     *     can be)
     */
    public KvReader(AtomicReference<KvLog> log, AtomicReference<String> unavailable) {
        this.log = log;
        this.unavailable = unavailable;
    }

    private KvLog open() throws KvException {
        KvLog l = log.get();
        if (l == null) {
            String why = unavailable.get();
            if (why != null) {
                throw new KvException.Unavailable(why);
            }
            throw new KvException(
                    "the KV store is not open yet (it is reading its log, or recovering); try again"
                            + " in a moment");
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
