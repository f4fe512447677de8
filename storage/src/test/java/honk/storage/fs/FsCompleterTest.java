package honk.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.LineCompleter;
import honk.actors.kernel.LineCompleter.Candidate;
import honk.actors.kernel.Registry;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.core.CoreService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * Tab after the filesystem's commands, as a console asks the shell's completer: paths through the
 * union and through one layer, on a whole kernel booted on fakes with the test core (etc/motd,
 * etc/issue, bin/init, lib/big.jar, docs/guide/intro) and a file put into kv. The host layer has no
 * share here: it stands for a layer that is down.
 */
@Timeout(120)
class FsCompleterTest {
    private static BootedKernel k;
    private static LineCompleter completer;

    @BeforeAll
    static void boot() throws Exception {
        var disk = new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        var registry = new Registry();
        registry.put(CoreService.class, FsFixtures.coreService());
        k = honk.storage.StorageKernel.boot(disk, registry);
        completer = k.kernel.registry().get(LineCompleter.class).orElseThrow();
        assertEquals(1, k.sh("put /notes/today written").size());
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    private static List<Candidate> candidates(String line) {
        return completer.complete(line, line.length()).candidates();
    }

    private static List<String> texts(String line) {
        return candidates(line).stream().map(Candidate::text).toList();
    }

    @Test
    void aDirectoryOfTheUnionCompletesToItsNamesAndSubdirectoriesEndInSlash() {
        assertEquals(
                List.of("/bin/", "/docs/", "/etc/", "/lib/", "/notes/"),
                texts("ls /"),
                "the core's directories and kv's, merged");
        assertEquals(
                List.of(
                        new Candidate("/etc/issue", "issue", true),
                        new Candidate("/etc/motd", "motd", true)),
                candidates("cat /etc/"));
        assertEquals(List.of(new Candidate("/etc/motd", "motd", true)), candidates("cat /etc/m"));
        assertEquals(
                List.of(new Candidate("/docs/guide/", "guide/", false)),
                candidates("ls /docs/g"),
                "a directory takes no space: its names may follow");
        assertEquals(List.of("etc/motd"), texts("cat etc/mo"), "a path from / without its '/'");
    }

    @Test
    void aWordWithoutSlashMayAlsoBecomeALayersRoot() {
        assertEquals(List.of(new Candidate("core:/", "core:/", false)), candidates("ls co"));
        List<String> all = texts("ls ");
        assertTrue(
                all.containsAll(List.of("bin/", "etc/", "notes/", "kv:/", "host:/", "core:/")),
                all.toString());
        assertEquals(List.of("host:/"), texts("cat host:"));
    }

    @Test
    void aLayerPrefixCompletesThroughThatLayerAlone() {
        assertEquals(List.of("core:/etc/"), texts("ls core:/e"));
        assertEquals(List.of("core:/etc/issue", "core:/etc/motd"), texts("cp core:/etc/"));
        assertEquals(List.of("kv:/notes/"), texts("ls kv:/"), "kv holds only what was put");
        assertEquals(List.of("kv:/notes/today"), texts("cat kv:/notes/t"));
        assertEquals(List.of(), texts("ls host:/"), "a layer that is down offers nothing");
    }

    @Test
    void onlyTheArgumentsThatArePathsComplete() {
        assertEquals(List.of("/etc/"), texts("cp /etc/motd /et"), "cp's destination is a path");
        assertEquals(List.of(), texts("cp /etc/motd /etc/ /e"), "cp takes two");
        assertEquals(List.of(), texts("put /notes/x some /e"), "put's TEXT is not a path");
        assertEquals(List.of(), texts("mount /e"));
    }

    @Test
    void aPathThatLeadsNowhereOffersNothing() {
        assertEquals(List.of(), texts("ls /nope/"));
        assertEquals(List.of(), texts("ls /a//"), "a bad path is no error either");
        assertEquals(List.of(), texts("cat /etc/motd/"));
    }
}
