package honk.storage.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.block.FaultyBlockDevice;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.block.PowerLossException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

class KvLogTest {
    private final AtomicLong nonce = new AtomicLong(100);
    private final LongSupplier nonces = nonce::incrementAndGet;
    private final FaultyBlockDevice device = new FaultyBlockDevice(512, 256);

    private static KvOp.Put put(String key, String value) {
        return new KvOp.Put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String text(KvLog log, String key) throws IOException {
        return log.get(key).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void putsAndDeletesSurviveReopen() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        log.commit(List.of(put("a", "1"), put("b", "2")));
        log.commit(List.of(new KvOp.Delete("a"), put("c", "3")));
        log.commit(List.of(new KvOp.Put("big", bytes(3000, 1))));
        KvLog reopened = KvLog.open(device, nonces);
        assertEquals(List.of("b", "big", "c"), reopened.keys());
        assertEquals("2", text(reopened, "b"));
        assertEquals(Optional.empty(), reopened.get("a"));
        assertArrayEquals(bytes(3000, 1), reopened.get("big").orElseThrow());
        assertEquals(4, reopened.stats().nextSeq() - 1 - 1, "five records: sequence numbers 1..5");
    }

    @Test
    void oneBatchIsOneDeviceWriteAndOneFlush() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        long flushes = device.flushes();
        log.commit(List.of(put("a", "1"), put("b", "2"), put("c", "3")));
        assertEquals(flushes + 1, device.flushes());
        assertEquals(0, device.unflushedBlocks(), "acknowledged only after its flush");
    }

    @Test
    void largeValuesStayOnDiskAndAreVerifiedOnRead() throws IOException {
        var memory = new MemoryBlockDevice(512, 64);
        KvLog log = KvLog.format(memory, nonces);
        log.commit(List.of(new KvOp.Put("big", bytes(2000, 2))));
        // flip one byte of the value on the device: the store must notice, not return it
        ByteBuffer block = ByteBuffer.allocate(512);
        memory.read(3, block);
        block.put(100, (byte) (block.get(100) ^ 0xff)).rewind();
        memory.write(3, block);
        var e = assertThrows(KvException.Corrupt.class, () -> log.get("big"));
        assertTrue(
                e.getMessage().contains("'big'") && e.getMessage().contains("checksum"),
                e.getMessage());
    }

    @Test
    void replayStopsAtATornBatchAndLaterWritesReplaceIt() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        log.commit(List.of(put("a", "1")));
        device.cutPowerAfter(1); // the next batch is 3 blocks: only its first is written
        assertThrows(
                PowerLossException.class,
                () -> log.commit(List.of(new KvOp.Put("b", bytes(1200, 3)))));
        device.powerCycle(new Random(1), 1.0); // even every block that was written survives
        KvLog reopened = KvLog.open(device, nonces);
        assertEquals(List.of("a"), reopened.keys());
        reopened.commit(List.of(put("c", "3")));
        assertEquals(List.of("a", "c"), KvLog.open(device, nonces).keys());
    }

    @Test
    void aBatchFromAnotherLifeOfTheRegionIsNotReplayed() throws IOException {
        KvLog log = KvLog.format(device, () -> 7);
        log.commit(List.of(put("ghost", "boo"))); // sequence 1, nonce 7
        // a later superblock for the same region, starting at the same sequence number, other nonce
        var later = new KvFormat.Super(9, 0, 1, 8);
        device.write(later.generation() % 2, ByteBuffer.wrap(KvFormat.encodeSuper(later, 512)));
        device.flush();
        assertEquals(List.of(), KvLog.open(device, nonces).keys());
    }

    @Test
    void compactionKeepsTheLiveSetAndFreesTheRegion() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        for (int i = 0; i < 40; i++) {
            log.commit(List.of(put("k" + (i % 4), "v" + i), new KvOp.Delete("gone")));
        }
        long used = log.stats().usedBlocks();
        log.compact();
        assertTrue(log.stats().usedBlocks() < used / 10, log.stats().toString());
        KvLog reopened = KvLog.open(device, nonces);
        assertEquals(List.of("k0", "k1", "k2", "k3"), reopened.keys());
        assertEquals("v39", text(reopened, "k3"));
        assertEquals(1, reopened.stats().generation() - log.stats().generation() + 1);
    }

    @Test
    void aFullRegionCompactsOnItsOwn() throws IOException {
        KvLog log = KvLog.format(device, nonces); // regions of 127 blocks
        for (int i = 0; i < 300; i++) {
            log.commit(List.of(put("k" + (i % 3), "v" + i)));
        }
        assertTrue(log.stats().compactions() >= 2, log.stats().toString());
        assertEquals("v299", text(KvLog.open(device, nonces), "k2"));
    }

    @Test
    void aCompactionCutOffBeforeItsSuperblockLeavesTheOldRegionInForce() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        log.commit(List.of(put("a", "1"), put("b", "2")));
        log.commit(List.of(new KvOp.Delete("a")));
        device.cutPowerAtWriteOf(log.stats().generation() + 1 & 1); // the next superblock's slot
        assertThrows(PowerLossException.class, log::compact);
        device.powerCycle(new Random(2), 1.0);
        KvLog reopened = KvLog.open(device, nonces);
        assertEquals(List.of("b"), reopened.keys());
        assertEquals(
                log.stats().generation(),
                reopened.stats().generation(),
                "the old superblock is in force");
    }

    @Test
    void resetClearsEverythingAndIsAllOrNothing() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        log.commit(List.of(put("a", "1")));
        device.cutPowerAfter(0);
        assertThrows(PowerLossException.class, log::reset);
        device.powerCycle(new Random(3), 1.0);
        KvLog survivor = KvLog.open(device, nonces);
        assertEquals(
                List.of("a"),
                survivor.keys(),
                "a reset cut off before its superblock changes nothing");
        survivor.reset();
        assertEquals(List.of(), survivor.keys());
        assertEquals(List.of(), KvLog.open(device, nonces).keys());
        survivor.commit(List.of(put("b", "2")));
        assertEquals(List.of("b"), KvLog.open(device, nonces).keys());
    }

    @Test
    void aFullStoreRejectsTheWriteAndKeepsItsData() throws IOException {
        KvLog log = KvLog.format(new MemoryBlockDevice(512, 34), nonces); // regions of 16 blocks
        log.commit(List.of(new KvOp.Put("a", bytes(3000, 4))));
        var e =
                assertThrows(
                        KvException.Full.class,
                        () -> log.commit(List.of(new KvOp.Put("b", bytes(6000, 5)))));
        assertTrue(
                e.getMessage().contains("full") || e.getMessage().contains("does not fit"),
                e.getMessage());
        assertArrayEquals(bytes(3000, 4), log.get("a").orElseThrow());
        log.commit(List.of(put("c", "3")));
        assertEquals(List.of("a", "c"), log.keys());
    }

    @Test
    void aFailedFlushMakesTheLogUnusableUntilReopened() throws IOException {
        KvLog log = KvLog.format(device, nonces);
        log.commit(List.of(put("a", "1")));
        device.failNextFlush();
        assertThrows(IOException.class, () -> log.commit(List.of(put("b", "2"))));
        var e = assertThrows(IllegalStateException.class, () -> log.commit(List.of(put("c", "3"))));
        assertTrue(e.getMessage().contains("reopened"), e.getMessage());
        KvLog reopened = KvLog.open(device, nonces);
        assertTrue(reopened.keys().contains("a"));
        reopened.commit(List.of(put("c", "3")));
        assertEquals("3", text(reopened, "c"));
    }

    @Test
    void aBlankDeviceIsNotAStoreUntilFormatted() throws IOException {
        var e = assertThrows(KvException.NoStore.class, () -> KvLog.open(device, nonces));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        KvLog log = KvLog.openOrFormat(device, nonces);
        log.commit(List.of(put("a", "1")));
        assertEquals("1", text(KvLog.openOrFormat(device, nonces), "a"));
    }

    @Test
    void aTooSmallDeviceIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> KvLog.format(new MemoryBlockDevice(512, 8), nonces));
    }

    @Test
    void badKeysAndValuesAreRefusedBeforeAnyWrite() {
        assertThrows(IllegalArgumentException.class, () -> put("", "x"));
        assertThrows(IllegalArgumentException.class, () -> put("k".repeat(1025), "x"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new KvOp.Put("k", new byte[KvOp.MAX_VALUE_BYTES + 1]));
    }
}
