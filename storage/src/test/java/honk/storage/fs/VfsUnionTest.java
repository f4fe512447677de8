package honk.storage.fs;

import static honk.storage.fs.VfsClient.error;
import static honk.storage.fs.VfsClient.p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;

import honk.storage.core.CoreImage;
import honk.storage.core.CoreService;
import honk.storage.kv.KvService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The union of kv over core through the VFS root: lookups, listings, writes and deletes, on a real
 * KV store and a signed core.
 */
@Timeout(60)
class VfsUnionTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final CoreImage core = FsFixtures.coreImage();
    private final KvService kv = FsFixtures.kvStore(testKit);
    private final VfsClient fs =
            VfsClient.of(
                    testKit,
                    testKit.spawn(
                            Vfs.create(
                                    List.of(
                                            FsFixtures.kvLayer(kv),
                                            FsFixtures.coreLayer(
                                                    Optional.of(
                                                            new CoreService(
                                                                    CompletableFuture
                                                                            .completedFuture(
                                                                                    core))))))));

    @Test
    void theCoreShowsWhereKvHasNothingAndKvShadowsIt() throws Exception {
        assertEquals("hello from the core\n", fs.text("/etc/motd"));
        assertEquals(List.of("core"), fs.entry("/etc/motd").layers());
        fs.ok(fs.write("/etc/motd", "mine now"));
        assertEquals("mine now", fs.text("/etc/motd"));
        assertEquals(FsEntry.file("motd", 8).in(List.of("kv")), fs.entry("/etc/motd"));
        assertEquals(
                "honk core\n",
                fs.text("etc/issue"),
                "the rest of the core's directory still shows");
    }

    @Test
    void writesNeverChangeTheCore() throws Exception {
        fs.ok(fs.write("/etc/motd", "shadow"));
        fs.ok(fs.write("/lib/big.jar", "small now"));
        fs.ok(fs.delete("/etc/motd"));
        assertError(FsError.ReadOnly.class, fs.delete("/bin/init"));
        for (Map.Entry<String, byte[]> f : FsFixtures.coreFiles().entrySet()) {
            assertArrayEquals(
                    f.getValue(), core.read(f.getKey()), f.getKey() + " in the core image");
        }
        assertEquals(
                List.of("fs:/lib/big.jar"),
                kv.reader().keys(),
                "the change went to kv, under the file's key");
        var direct =
                VfsClient.mount(
                        testKit,
                        testKit.spawn(
                                FsFixtures.coreLayer(Optional.of(FsFixtures.coreService()))
                                        .behavior()));
        var refused = (FsError.ReadOnly) error(direct.write("/etc/motd", "x"));
        assertEquals("/etc/motd is in the read-only core; it cannot be changed", refused.message());
        assertEquals(
                "/new cannot be deleted in the read-only core",
                error(direct.delete("/new")).message());
    }

    @Test
    void deletingACoreFileIsRefusedAndDeletingItsKvCopyRevealsIt() throws Exception {
        var refused = error(fs.delete("/etc/motd"));
        assertEquals("/etc/motd is in the read-only core; it cannot be deleted", refused.message());
        fs.ok(fs.write("/etc/motd", "shadow"));
        fs.ok(fs.delete("/etc/motd"));
        assertEquals(
                "hello from the core\n",
                fs.text("/etc/motd"),
                "the core's copy shows through again");
        fs.ok(fs.write("/home/note", "x"));
        fs.ok(fs.delete("/home/note"));
        assertEquals(new FsError.NotFound(p("/home/note")), error(fs.stat("/home/note")));
        assertEquals(new FsError.NotFound(p("/nope")), error(fs.delete("/nope")));
        assertEquals(
                new FsError.IsADirectory(p("/etc")), error(fs.delete("/etc")), "a core directory");
        fs.ok(fs.write("/home/a/b", "x"));
        assertEquals(
                new FsError.NotEmpty(p("/home/a")),
                error(fs.delete("/home/a")),
                "a kv directory with a file in it");
        assertEquals(new FsError.IsADirectory(p("/")), error(fs.delete("/")));
    }

    @Test
    void aListingMergesTheLayersAndSaysWhichHoldEachName() throws Exception {
        fs.ok(fs.write("/etc/motd", "shadow"));
        fs.ok(fs.write("/etc/hostname", "honk"));
        fs.ok(fs.write("/home/me/notes", "n"));
        assertEquals(
                List.of("bin/:core", "docs/:core", "etc/:kv,core", "home/:kv", "lib/:core"),
                fs.names("/"));
        assertEquals(List.of("hostname:kv", "issue:core", "motd:kv,core"), fs.names("/etc"));
        assertEquals(List.of("guide/:core"), fs.names("/docs/"));
        assertEquals(
                FsEntry.file("motd", 6).in(List.of("kv", "core")),
                assertInstanceOf(FsProtocol.ReadDirOk.class, fs.list("/etc")).entries().get(2),
                "kv's size: kv's copy is read");
        assertEquals(new FsError.NotADirectory(p("/etc/motd")), error(fs.list("/etc/motd")));
        assertEquals(new FsError.NotFound(p("/nope")), error(fs.list("/nope")));
        assertEquals(new FsError.NotADirectory(p("/etc/issue")), error(fs.list("/etc/issue/x")));
    }

    @Test
    void aWriteMayNotPutAFileOnADirectoryOrBelowAFile() throws Exception {
        assertEquals(
                new FsError.IsADirectory(p("/etc")),
                error(fs.write("/etc", "x")),
                "a directory of the core");
        assertEquals(
                new FsError.NotADirectory(p("/etc/motd")),
                error(fs.write("/etc/motd/x", "x")),
                "below a core file");
        fs.ok(fs.write("/a", "file"));
        assertEquals(
                new FsError.NotADirectory(p("/a")),
                error(fs.write("/a/b/c", "x")),
                "below a kv file");
        fs.ok(fs.write("/d/e", "file"));
        assertEquals(
                new FsError.IsADirectory(p("/d")), error(fs.write("/d", "x")), "a kv directory");
        assertEquals(new FsError.IsADirectory(p("/")), error(fs.write("/", "x")));
    }

    @Test
    void statAndReadAnswerForFilesDirectoriesAndRanges() throws Exception {
        assertEquals(FsEntry.directory("/").in(List.of("kv")), fs.entry("/"));
        assertEquals(FsEntry.directory("guide").in(List.of("core")), fs.entry("/docs/guide"));
        assertEquals(
                FsEntry.file("big.jar", FsFixtures.BIG.length).in(List.of("core")),
                fs.entry("/lib/big.jar"));
        var range = assertInstanceOf(FsProtocol.ReadOk.class, fs.read("/lib/big.jar", 4090, 10));
        assertArrayEquals(
                Arrays.copyOfRange(FsFixtures.BIG, 4090, 4100),
                range.data(),
                "across a chunk boundary");
        assertEquals(FsFixtures.BIG.length, range.size());
        var tail =
                assertInstanceOf(
                        FsProtocol.ReadOk.class,
                        fs.read("/lib/big.jar", FsFixtures.BIG.length - 3, 100));
        assertEquals(3, tail.data().length, "fewer bytes near the end");
        assertEquals(
                0,
                assertInstanceOf(FsProtocol.ReadOk.class, fs.read("/etc/motd", 1000, 5))
                        .data()
                        .length,
                "none past it");
        fs.ok(fs.write("/k", "0123456789"));
        assertEquals(
                "345",
                new String(assertInstanceOf(FsProtocol.ReadOk.class, fs.read("/k", 3, 3)).data()));
        assertInstanceOf(FsError.InvalidArgument.class, error(fs.read("/k", -1, 3)));
        assertEquals(new FsError.IsADirectory(p("/etc")), error(fs.read("/etc")));
        assertEquals(new FsError.IsADirectory(p("/")), error(fs.read("/")));
        assertEquals(new FsError.NotFound(p("/etc/nope")), error(fs.stat("/etc/nope")));
        assertEquals(new FsError.NotADirectory(p("/etc/motd")), error(fs.stat("/etc/motd/deeper")));
    }

    @Test
    void theUnionDescribesItsLayersTopFirst() throws Exception {
        FsProtocol.Description d = fs.ask(FsProtocol.Describe::new);
        assertEquals("the union of kv over core", d.source());
        assertTrue(d.problem().isEmpty());
    }

    private static void assertError(Class<? extends FsError> type, FsProtocol.Reply reply) {
        assertInstanceOf(type, error(reply));
    }

    @Test
    void mkdirMakesEmptyDirectoriesInKvThatRmRemovesOnceEmpty() throws Exception {
        fs.ok(fs.mkdir("/home/new"));
        assertEquals(FsEntry.directory("new").in(List.of("kv")), fs.entry("/home/new"));
        assertEquals(List.of(), fs.names("/home/new"), "an empty directory lists as empty");
        assertEquals(List.of("new/:kv"), fs.names("/home"));
        assertEquals(new FsError.Exists(p("/home/new")), error(fs.mkdir("/home/new")));
        assertEquals(new FsError.Exists(p("/etc")), error(fs.mkdir("/etc")), "a core directory");
        assertEquals(new FsError.Exists(p("/etc/motd")), error(fs.mkdir("/etc/motd")));
        assertEquals(
                new FsError.NotADirectory(p("/etc/motd")),
                error(fs.mkdir("/etc/motd/sub")),
                "below a core file");
        fs.ok(fs.write("/home/new/f", "x"));
        assertEquals(new FsError.IsADirectory(p("/home/new")), error(fs.write("/home/new", "x")));
        assertEquals(new FsError.NotEmpty(p("/home/new")), error(fs.delete("/home/new")));
        fs.ok(fs.delete("/home/new/f"));
        assertEquals(List.of(), fs.names("/home/new"), "the directory outlives its last file");
        fs.ok(fs.delete("/home/new"));
        assertEquals(new FsError.NotFound(p("/home/new")), error(fs.stat("/home/new")));
        assertEquals(List.of(), kv.reader().keys(), "nothing left in the store");
    }
}
