package honk.storage.kv;

import java.nio.charset.StandardCharsets;

/** One write to the KV store: a put of a value under a key, or the delete of a key. Pure Java. */
public sealed interface KvOp {
    /** Keys are 1 to 1024 bytes of UTF-8. */
    int MAX_KEY_BYTES = 1024;

    /** Values up to 16 MiB: one value must fit one batch, and a batch is one device write. */
    int MAX_VALUE_BYTES = 16 << 20;

    String key();

    record Put(String key, byte[] value) implements KvOp {
        public Put {
            checkKey(key);
            if (value.length > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException(
                        "value of "
                                + value.length
                                + " bytes is over the limit of "
                                + MAX_VALUE_BYTES);
            }
        }
    }

    record Delete(String key) implements KvOp {
        public Delete {
            checkKey(key);
        }
    }

    private static void checkKey(String key) {
        int n = key.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a key is 1 to " + MAX_KEY_BYTES + " bytes of UTF-8, not " + n);
        }
    }
}
