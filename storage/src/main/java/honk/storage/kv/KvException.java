package honk.storage.kv;

import java.io.IOException;

/** A KV store failure a caller can act on; the message says what went wrong and what to do. */
public class KvException extends IOException {
    public KvException(String message) {
        super(message);
    }

    /** The device holds no KV store (blank or foreign): format it. */
    public static final class NoStore extends KvException {
        public NoStore(String message) {
            super(message);
        }
    }

    /** The live data plus this write do not fit the region, even after compaction. */
    public static final class Full extends KvException {
        public Full(String message) {
            super(message);
        }
    }

    /**
     * The store could not be opened and will not be until something changes (no device, a device
     * that failed): the message says why; trying again does not help.
     */
    public static final class Unavailable extends KvException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** A stored value no longer matches its checksum. */
    public static final class Corrupt extends KvException {
        public Corrupt(String message) {
            super(message);
        }
    }
}
