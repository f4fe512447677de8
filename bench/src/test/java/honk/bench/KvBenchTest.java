package honk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every workload of the storage benchmark, run tiny so that it cannot rot: both engines measure
 * puts, gets and recovery, and clean up after themselves. No timing is asserted.
 */
@Timeout(300)
class KvBenchTest {
    @TempDir Path dir;

    @Test
    void everyWorkloadRunsOnBothEnginesAndLeavesNothingBehind() throws Exception {
        var s = new KvBench.Settings(dir, List.of(1, 4), 0.2, 1, 500, 2, 1L << 20, 2L << 20);
        var said = new ArrayList<String>();
        Figures r = KvBench.run(s, said::add);
        for (String engine : List.of("honk", "rocksdb")) {
            for (int w : List.of(1, 4)) {
                assertPositive(
                        r.get(engine, "puts_per_s writers=" + w),
                        engine + " puts with " + w + " writers");
            }
            assertPositive(r.get(engine, "gets_per_s readers=2"), engine + " gets");
        }
        for (String engine : List.of("honk", "rocksdb", "rocksdb-wal")) {
            assertPositive(r.get(engine, "recovery_s"), engine + " recovery");
        }
        assertTrue(
                said.stream().anyMatch(l -> l.matches("run 1: honk reopened 2003 keys in .*")),
                String.join("\n", said));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void honksDiskHoldsALogRegionOfTheSizeAsked() throws Exception {
        Path disk = dir.resolve("d.img");
        try (var honk = HonkKv.create(disk, HonkKv.diskBytesFor(1L << 20))) {
            honk.put("a", new byte[] {1});
            assertEquals(1, honk.get("a")[0]);
        }
        var reopened = HonkKv.reopen(disk);
        assertEquals(1, reopened.keys());
        assertTrue(Files.size(disk) >= 2 * (17L << 20), "two log regions of 17 MiB at least");
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KvBench.Settings.parse(new String[] {"d", "fast"}));
        assertTrue(
                e.getMessage().startsWith("SECONDS must be a number, not 'fast'"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KvBench.Settings.parse(new String[] {"d", "1", "1", "0", "4,0"}));
        assertTrue(e.getMessage().startsWith("WRITERS must be within"), e.getMessage());
        assertEquals(List.of(1, 4, 16, 64), KvBench.Settings.parse(new String[] {"d"}).writers());
    }

    private static void assertPositive(List<Double> values, String what) {
        assertFalse(values.isEmpty(), what + ": not measured");
        values.forEach(v -> assertTrue(v > 0, what + ": " + v));
    }
}
