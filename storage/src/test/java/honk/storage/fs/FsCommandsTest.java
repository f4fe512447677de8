package honk.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.ProcessContext;
import honk.actors.ProcessInfo;
import honk.actors.ProcessMessage;
import honk.actors.ProcessState;
import honk.actors.Program;
import honk.actors.SpawnSpec;
import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.core.CoreService;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The filesystem's shell commands and the files capability on a whole kernel booted on fakes: a 48
 * MiB disk and a signed core.
 */
@Timeout(120)
class FsCommandsTest {
    private static BootedKernel k;

    @BeforeAll
    static void boot() throws Exception {
        var disk = new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        var registry = new Registry();
        registry.put(CoreService.class, FsFixtures.coreService());
        k = honk.storage.StorageKernel.boot(disk, registry);
    }

    @AfterAll
    static void halt() throws Exception {
        k.close();
    }

    static String one(BootedKernel kernel, String line) throws Exception {
        List<String> out = kernel.sh(line);
        assertEquals(1, out.size(), "'" + line + "' printed " + out);
        return out.getFirst();
    }

    private static String one(String line) throws Exception {
        return one(k, line);
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue(Pattern.matches(regex, actual), "expected /" + regex + "/ but got: " + actual);
    }

    @Test
    void mountListsKvOverHostOverTheCoreWithTheirState() throws Exception {
        List<String> out = k.sh("mount");
        assertEquals(4, out.size(), out.toString());
        assertMatches("LAYER +KIND +MODE +STATE +RESTARTS +SOURCE", out.get(0));
        assertMatches(
                "kv +kv +rw +up +0 +KV store on the primary device's KV region, a file per key"
                        + " fs:PATH",
                out.get(1));
        assertMatches(
                "host +9p +rw +unavailable +0 +no host share on this board \\(scripts/run --share"
                        + " DIR\\)",
                out.get(2));
        assertMatches(
                "core +core +ro +up +0 +core image version 1 \\(5 files, .*\\) in the test core",
                out.get(3));
    }

    @Test
    void lsListsTheUnionAndWhichLayersHoldEachName() throws Exception {
        one("put /srv/www/index hello");
        List<String> root = k.sh("ls");
        assertTrue(root.contains("dir           -  core      bin/"), root.toString());
        assertTrue(root.contains("dir           -  core      lib/"), root.toString());
        assertTrue(root.contains("dir           -  kv        srv/"), root.toString());
        assertEquals(List.of("dir           -  kv        www/"), k.sh("ls /srv/"));
        assertEquals(
                "file         20  core      motd",
                k.sh("ls /etc").stream().filter(l -> l.endsWith("motd")).findFirst().orElseThrow());
        assertEquals("file      20497  core      big.jar", one("ls /lib/big.jar"));
        assertEquals("file          5  kv        index", one("ls srv/www"));
        assertEquals("ls: no such file or directory: /nope", one("ls /nope"));
        assertEquals("ls: bad path '/a//b': empty segment (a doubled '/')", one("ls /a//b"));
        assertEquals("ls: too many arguments; usage: ls [PATH]", one("ls / /etc"));
    }

    @Test
    void catPrintsATextFileAndRefusesDirectoriesBinariesAndMissingFiles() throws Exception {
        assertEquals("hello from the core", one("cat /etc/motd"));
        assertEquals("cat: /etc is a directory (list it with 'ls /etc')", one("cat /etc"));
        assertEquals(
                "cat: /bin/init holds binary data (4096 bytes); cat prints text",
                one("cat /bin/init"));
        assertEquals("cat: no such file or directory: /etc/nope", one("cat /etc/nope"));
        assertEquals("cat: /etc/motd is a file, not a directory", one("cat /etc/motd/more"));
        assertEquals("cat: missing argument; usage: cat PATH", one("cat"));
        assertEquals(
                "cat: bad path '/x/../y': '..' segment; name a file by its plain path from /",
                one("cat /x/../y"));
    }

    @Test
    void putWritesIntoKvAndShadowsTheCoreWithoutChangingIt() throws Exception {
        assertEquals(
                "put: wrote /etc/issue (14 bytes) in kv", one("put /etc/issue 'honk, mine'  now"));
        assertEquals("honk, mine now", one("cat /etc/issue"));
        assertEquals(
                "file         14  kv,core   issue",
                k.sh("ls /etc").stream()
                        .filter(l -> l.endsWith("issue"))
                        .findFirst()
                        .orElseThrow());
        assertEquals("put: /etc is a directory", one("put /etc x"));
        assertEquals("put: /etc/motd is a file, not a directory", one("put /etc/motd/x y"));
        assertEquals(
                "put: missing argument; usage: put PATH TEXT... (quote TEXT with spaces: put /a"
                        + " 'two words')",
                one("put /x"));
        assertEquals(
                "put: bad path '/a\\x00b': NUL character at index 2", one("put '/a\u0000b' x"));
    }

    @Test
    void rmDeletesFromKvAndNeverFromTheCore() throws Exception {
        assertEquals(
                "rm: /etc/motd is in the read-only core; it cannot be deleted",
                one("rm /etc/motd"));
        one("put /etc/motd shadow");
        assertEquals(
                "rm: removed /etc/motd from kv; the core's copy shows through again",
                one("rm /etc/motd"));
        assertEquals("hello from the core", one("cat /etc/motd"));
        one("put /tmp/scratch x");
        assertEquals("rm: removed /tmp/scratch from kv", one("rm /tmp/scratch"));
        assertEquals("rm: no such file or directory: /tmp/scratch", one("rm /tmp/scratch"));
        assertEquals("rm: /docs is a directory", one("rm /docs"));
        assertEquals("rm: missing argument; usage: rm PATH", one("rm"));
    }

    @Test
    void cpCopiesAFileReadThroughTheUnionIntoKv() throws Exception {
        assertEquals(
                "cp: copied /etc/motd (from core) to /home/motd.bak in kv (20 bytes)",
                one("cp /etc/motd /home/motd.bak"));
        assertEquals("hello from the core", one("cat /home/motd.bak"));
        assertEquals(
                "cp: copied /home/motd.bak (from kv) to /docs/motd.bak in kv (20 bytes)",
                one("cp /home/motd.bak /docs"),
                "into a directory: under the same name");
        assertEquals(
                "cp: copied /docs/guide/intro (from core) to /opt/new/intro in kv (13 bytes)",
                one("cp /docs/guide/intro /opt/new/"),
                "a trailing slash: into that directory, which the write makes");
        assertEquals("cp: /etc is a directory; cp copies one file", one("cp /etc /x"));
        assertEquals("cp: no such file or directory: /nope", one("cp /nope /x"));
        assertEquals(
                "cp: /etc/motd is a file, not a directory", one("cp /etc/issue /etc/motd/issue"));
        assertEquals("cp: missing argument; usage: cp SRC DST", one("cp /etc/motd"));
    }

    /**
     * Reads {@code path} through the files capability it holds and reports the text or the refusal.
     */
    private static Program reader(String path, CompletableFuture<String> report) {
        return new Program() {
            public String name() {
                return "fsreader";
            }

            public String summary() {
                return "reads one file through its files capability";
            }

            public Behavior<ProcessMessage> create(ProcessContext ctx) {
                FilesCapability files = ctx.capability(FilesCapability.class);
                files.read(path)
                        .thenAccept(r ->
                                report.complete(
                                        switch (r) {
                                            case FsProtocol.ReadOk ok ->
                                                    new String(ok.data(), StandardCharsets.UTF_8);
                                            case FsProtocol.Failed f -> f.error().message();
                                        }));
                return Behaviors.ignore();
            }
        };
    }

    private static String readAs(List<String> caps, String path) throws Exception {
        var report = new CompletableFuture<String>();
        k.kernel
                .table()
                .spawn(
                        SpawnSpec.of(reader(path, report), List.of())
                                .withCaps(k.kernel.capabilities().grant(caps)));
        return report.get(BootedKernel.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aProcessWithoutTheFilesCapabilityCannotReachTheFilesystem() throws Exception {
        var report = new CompletableFuture<String>();
        long pid =
                k.kernel
                        .table()
                        .spawn(
                                SpawnSpec.of(reader("/etc/motd", report), List.of())
                                        .withCaps(
                                                k.kernel.capabilities().grant(List.of("console"))));
        ProcessInfo end =
                k.kernel
                        .table()
                        .awaitExit(pid, BootedKernel.WAIT)
                        .toCompletableFuture()
                        .get(BootedKernel.WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .orElseThrow();
        assertEquals(ProcessState.CRASHED, end.state());
        assertEquals(
                "CapabilityDeniedException: process "
                        + pid
                        + " (fsreader) was not granted the files capability (grant it at"
                        + " start: --caps=files)",
                end.exitReason());
        assertTrue(!report.isDone(), "it never read anything");
    }

    @Test
    void aScopedProcessReadsInsideItsScopeOnly() throws Exception {
        assertEquals("hello from the core\n", readAs(List.of("files:/etc:ro"), "/etc/motd"));
        assertEquals(
                "permission denied: /lib/big.jar is outside this capability's scope /etc"
                        + " (files:/etc:ro)",
                readAs(List.of("files:/etc:ro"), "/lib/big.jar"));
    }

    @Test
    void runGrantsAScopedFilesCapabilityAndPsShowsIt() throws Exception {
        assertMatches(
                "run: started idle as pid \\d+", one("run idle --caps=files:/home:ro,console"));
        assertTrue(
                k.sh("ps").stream().anyMatch(l -> l.contains("console,files:/home:ro")),
                k.sh("ps").toString());
        assertEquals(
                "run: files capability 'files:home': 'home' is neither a scope from / nor ro/rw"
                        + " (form: files[:/PATH][:ro])",
                one("run idle --caps=files:home"));
        assertMatches(
                "run: unknown capability 'disk' \\(known: console, files\\[:/PATH\\]\\[:ro\\],"
                        + " procs.*\\)",
                one("run idle --caps=disk"));
    }

    @Test
    void aCrashedFilesystemIsRestartedAndKvFilesSurvive() throws Exception {
        one("put /var/keep kept");
        assertTrue(one("fault fs").contains("fs crashed and was restarted"));
        // the restarted root spawns its mounts again
        Eventually.await(
                "the restarted filesystem reads /var/keep",
                BootedKernel.WAIT,
                () -> k.sh("cat /var/keep"),
                List.of("kept")::equals);
        assertEquals("kept", one("cat /var/keep"));
        assertEquals("hello from the core", one("cat /etc/motd"));
    }
}
