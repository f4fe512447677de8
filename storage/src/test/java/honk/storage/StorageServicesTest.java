package honk.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.block.FaultyBlockDevice;
import honk.storage.block.Layout;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The KV service and its shell commands on a whole kernel booted on fakes, with a 48 MiB faulty
 * disk.
 */
@Timeout(60)
class StorageServicesTest {
    private static final FaultyBlockDevice disk =
            new FaultyBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
    private static BootedKernel k;

    @BeforeAll
    static void boot() throws Exception {
        k = StorageKernel.boot(disk, new Registry());
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    private static String one(String line) throws Exception {
        List<String> out = k.sh(line);
        assertEquals(1, out.size(), "'" + line + "' printed " + out);
        return out.getFirst();
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue(Pattern.matches(regex, actual), "expected /" + regex + "/ but got: " + actual);
    }

    @Test
    void kvPutGetListDeleteThroughTheShell() throws Exception {
        assertEquals("kv: put greeting (10 bytes)", one("kv put greeting hello honk"));
        assertEquals("hello honk", one("kv get greeting"));
        assertTrue(k.sh("kv ls").contains("greeting"));
        assertEquals("kv: deleted greeting", one("kv del greeting"));
        assertEquals("kv: no key 'greeting'", one("kv get greeting").strip());
        assertEquals(0, disk.unflushedBlocks(), "every acknowledged write reached the disk");
    }

    @Test
    void kvAloneReportsItsFigures() throws Exception {
        one("kv put figures 1");
        assertMatches(
                "kv: \\d+ keys; \\d+ of \\d+ KiB of the log region used; generation \\d+; \\d+"
                        + " batches and \\d+ compactions since open",
                one("kv"));
        assertMatches("kv: compacted; \\d+ keys; .*", one("kv compact"));
    }

    @Test
    void badKvCommandsSayWhatToType() throws Exception {
        assertEquals("kv: missing argument; usage: kv get KEY", one("kv get").strip());
        assertEquals(
                "kv: missing argument; usage: kv put KEY VALUE...", one("kv put onlykey").strip());
        assertMatches("kv: unknown subcommand 'frob'; usage: kv .*", one("kv frob").strip());
        assertMatches(
                "kv: a key is 1 to 1024 bytes of UTF-8, not 1025",
                one("kv put " + "k".repeat(1025) + " v").strip());
    }

    @Test
    void resetNeedsConfirmationAndThenClearsTheStore() throws Exception {
        one("kv put doomed 1");
        assertMatches(
                "reset: this clears every key .*type 'reset --confirm'.*", one("reset").strip());
        assertEquals("1", one("kv get doomed"));
        assertEquals("reset: the KV store is empty", one("reset --confirm"));
        assertEquals("kv: no key 'doomed'", one("kv get doomed").strip());
    }

    @Test
    void aCrashedStoreIsRestartedAndRecoversFromDisk() throws Exception {
        one("kv put survivor 42");
        assertTrue(one("fault kv").contains("kv crashed and was restarted"));
        // the restarted store reopens the log in the background
        Eventually.await(
                "the restarted store reads 'survivor' back",
                BootedKernel.WAIT,
                () -> k.sh("kv get survivor"),
                out -> out.contains("42"));
        assertEquals("42", one("kv get survivor"));
    }
}
