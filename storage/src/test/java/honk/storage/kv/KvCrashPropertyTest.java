package honk.storage.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import honk.storage.block.FaultyBlockDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Crash consistency, as a property: 10,000 random operations (puts small and large, deletes,
 * multi-op batches, compactions, resets) against a model, with power cut at random points inside
 * writes and flushes (tearing multi-block writes), flushes that fail, and power losses between
 * acknowledged operations. On each power-up every unflushed block independently survives or not.
 * After a loss between operations the reopened store must equal the model of acknowledged
 * operations exactly; after a loss inside an operation, which was therefore never acknowledged, it
 * must equal the model either without or with that one operation (a write whose flush never
 * returned may still have reached the disk whole; a torn one never counts).
 */
@Timeout(120)
class KvCrashPropertyTest {
    private static final int OPERATIONS = 10_000;
    private static final int KEYS = 40;

    private Random random;
    private FaultyBlockDevice device;
    private KvLog log;
    private Map<String, ByteBuffer> model;
    private int losses;
    private int inFlightLanded;

    private final Map<String, Integer> counts = new HashMap<>();

    @Test
    void reopenedStoreHoldsExactlyTheAcknowledgedWritesAfterEveryPowerLoss() throws IOException {
        for (long seed : new long[] {1, 2, 3, 4}) {
            run(seed, OPERATIONS / 4);
        }
        System.out.println(
                "kv crash property: "
                        + OPERATIONS
                        + " operations, "
                        + losses
                        + " power losses or failed flushes, "
                        + inFlightLanded
                        + " unacknowledged writes found whole after power-up; "
                        + counts);
        assertTrue(losses > 500, "the test cut power only " + losses + " times");
        assertTrue(
                counts.getOrDefault("compact", 0) > 50
                        && counts.getOrDefault("auto-compaction", 0) > 10,
                counts::toString);
    }

    private void run(long seed, int operations) throws IOException {
        random = new Random(seed);
        device =
                new FaultyBlockDevice(
                        512, 1024); // two regions of 255 KiB: full regions compact on their own
        log = KvLog.format(device, random::nextLong);
        model = new HashMap<>();
        for (int i = 0; i < operations; i++) {
            step(seed, i);
            if (i % 97 == 0) {
                assertStoreEquals(model, "seed " + seed + " op " + i + " (no loss)");
            }
        }
    }

    private void step(long seed, int i) throws IOException {
        String where = "seed " + seed + " op " + i;
        int dice = random.nextInt(100);
        if (dice < 5) {
            // power lost between acknowledged operations: nothing acknowledged may be missing
            device.cutPower();
            device.powerCycle(random, random.nextDouble());
            log = KvLog.open(device, random::nextLong);
            losses++;
            count("loss between");
            assertStoreEquals(model, where + " after a loss between operations");
            return;
        }
        List<KvOp> ops = new ArrayList<>();
        String kind;
        if (dice < 50) {
            kind = "put";
            ops.add(put(random.nextInt(64)));
        } else if (dice < 60) {
            kind = "large put";
            ops.add(put(KvLog.INLINE_MAX + 1 + random.nextInt(8000)));
        } else if (dice < 75) {
            kind = "delete";
            ops.add(new KvOp.Delete(key()));
        } else if (dice < 90) {
            kind = "batch";
            for (int n = 2 + random.nextInt(6); n > 0; n--) {
                ops.add(
                        random.nextInt(4) == 0
                                ? new KvOp.Delete(key())
                                : put(random.nextInt(random.nextBoolean() ? 64 : 3000)));
            }
        } else {
            // compactions and resets are rare, so that regions also fill and compact on their own
            int roll = random.nextInt(100);
            kind = roll < 8 ? "compact" : roll < 11 ? "reset" : "put";
            if (kind.equals("put")) {
                ops.add(put(random.nextInt(512)));
            }
        }
        count(kind);
        int fault = random.nextInt(100);
        if (fault < 12) {
            device.cutPowerAfter(
                    random.nextInt(6)); // inside this operation's writes or flushes, or not at all
        } else if (fault < 14) {
            device.failNextFlush();
        }
        Map<String, ByteBuffer> after = apply(model, kind, ops);
        long compactionsBefore = log.stats().compactions();
        try {
            switch (kind) {
                case "compact" -> log.compact();
                case "reset" -> log.reset();
                default -> log.commit(ops);
            }
            device.cancelPowerCut();
            model = after; // acknowledged
            if (!kind.equals("compact") && log.stats().compactions() > compactionsBefore) {
                count("auto-compaction");
            }
        } catch (KvException.Full e) {
            fail(where + ": the store filled up: " + e.getMessage());
        } catch (IOException e) {
            // never acknowledged: power-cycle, reopen, and find the model without or with it
            device.powerCycle(random, random.nextDouble());
            log = KvLog.open(device, random::nextLong);
            losses++;
            Map<String, ByteBuffer> actual = contents();
            if (actual.equals(after) && !after.equals(model)) {
                inFlightLanded++;
                model = after;
            } else {
                assertEquals(
                        model,
                        actual,
                        where + ": after a loss inside a " + kind + " (" + e.getMessage() + ")");
            }
        }
    }

    private static Map<String, ByteBuffer> apply(
            Map<String, ByteBuffer> before, String kind, List<KvOp> ops) {
        if (kind.equals("reset")) {
            return new HashMap<>();
        }
        var after = new HashMap<>(before);
        for (KvOp op : ops) {
            if (op instanceof KvOp.Put p) {
                after.put(p.key(), ByteBuffer.wrap(p.value().clone()));
            } else {
                after.remove(op.key());
            }
        }
        return after;
    }

    private KvOp.Put put(int size) {
        byte[] value = new byte[size];
        random.nextBytes(value);
        return new KvOp.Put(key(), value);
    }

    private String key() {
        return "key-" + random.nextInt(KEYS);
    }

    private void count(String kind) {
        counts.merge(kind, 1, Integer::sum);
    }

    private Map<String, ByteBuffer> contents() throws IOException {
        var out = new HashMap<String, ByteBuffer>();
        for (String k : log.keys()) {
            out.put(k, ByteBuffer.wrap(log.get(k).orElseThrow()));
        }
        return out;
    }

    private void assertStoreEquals(Map<String, ByteBuffer> expected, String where)
            throws IOException {
        assertEquals(expected, contents(), where);
    }
}
