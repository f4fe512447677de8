package honk.storage.fs;

import static honk.storage.fs.VfsClient.error;
import static honk.storage.fs.VfsClient.p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;

import honk.supervision.ServiceHandle;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The files capability: names parsed into a scope and a mode, and everything outside them refused
 * before the VFS.
 */
@Timeout(60)
class FilesCapabilityTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final FsService fs;

    static {
        var handle = new ServiceHandle<Vfs.Command>("fs");
        handle.set(
                testKit.spawn(
                        Vfs.create(
                                List.of(
                                        FsFixtures.kvLayer(FsFixtures.kvStore(testKit)),
                                        FsFixtures.coreLayer(
                                                Optional.of(FsFixtures.coreService()))))));
        fs = new FsService(handle, testKit.scheduler());
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(VfsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String text(FsProtocol.ReadReply reply) {
        return new String(
                assertInstanceOf(FsProtocol.ReadOk.class, reply, reply::toString).data(),
                StandardCharsets.UTF_8);
    }

    @Test
    void namesGiveTheScopeAndTheMode() {
        var all = FilesCapability.mint("files", fs);
        assertEquals(
                List.of("files", "/", "true"),
                List.of(all.name(), all.scope().toString(), String.valueOf(all.writable())));
        var ro = FilesCapability.mint("files:ro", fs);
        assertEquals(
                List.of("/", "false"),
                List.of(ro.scope().toString(), String.valueOf(ro.writable())));
        var home = FilesCapability.mint("files:/home:ro", fs);
        assertEquals(
                List.of("files:/home:ro", "/home", "false"),
                List.of(home.name(), home.scope().toString(), String.valueOf(home.writable())));
        assertTrue(FilesCapability.mint("files:/srv:rw", fs).writable());
        assertEquals(
                "/ro",
                FilesCapability.mint("files:/ro", fs).scope().toString(),
                "a directory named ro is a scope");
    }

    @Test
    void aMalformedNameIsRefusedSayingWhy() {
        var relative =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FilesCapability.mint("files:home", fs));
        assertEquals(
                "files capability 'files:home': 'home' is neither a scope from / nor ro/rw (form:"
                        + " files[:/PATH][:ro])",
                relative.getMessage());
        var dots =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FilesCapability.mint("files:/a/../b", fs));
        assertEquals(
                "files capability 'files:/a/../b': bad scope '/a/../b': '..' segment; name a file"
                        + " by its plain path from /",
                dots.getMessage());
    }

    @Test
    void aReadOnlyHandleReadsButCannotWriteOrDelete() throws Exception {
        var ro = FilesCapability.mint("files:ro", fs);
        assertEquals("hello from the core\n", text(await(ro.read("/etc/motd"))));
        var denied = (FsError.PermissionDenied) error(await(ro.write("/etc/motd", new byte[] {1})));
        assertEquals(
                "permission denied: this files capability is read-only (files:ro); /etc/motd cannot"
                        + " be changed",
                denied.message());
        assertInstanceOf(FsError.PermissionDenied.class, error(await(ro.delete("/etc/motd"))));
        assertEquals(
                List.of("core"),
                ((FsProtocol.StatOk) await(fs.stat(p("/etc/motd")))).entry().layers(),
                "no write reached the VFS: the core's copy is still the one read");
    }

    @Test
    void pathsOutsideTheScopeAreRefusedAndInsideItWork() throws Exception {
        var home = FilesCapability.mint("files:/home", fs);
        assertEquals(
                new FsProtocol.Done(),
                await(home.write("/home/me/notes", "n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("n", text(await(home.read("/home/me/notes"))));
        assertEquals(1, ((FsProtocol.ReadDirOk) await(home.list("/home/me"))).entries().size());
        var outside = error(await(home.read("/etc/motd")));
        assertEquals(
                "permission denied: /etc/motd is outside this capability's scope /home"
                        + " (files:/home)",
                outside.message());
        assertInstanceOf(
                FsError.PermissionDenied.class,
                error(await(home.stat("/homer"))),
                "whole names: /homer is not in /home");
        assertInstanceOf(FsError.PermissionDenied.class, error(await(home.list("/"))));
        assertInstanceOf(
                FsError.PermissionDenied.class, error(await(home.write("/etc/x", new byte[0]))));
        var dots = error(await(home.read("/home/../etc/motd")));
        assertEquals(
                "bad path '/home/../etc/motd': '..' segment; name a file by its plain path from /",
                dots.message());
        assertEquals("/etc/motd", p("/etc/motd").toString());
    }

    @Test
    void aHandleNarrowsToAPartOfItsScopeAndNeverGainsWrite() throws Exception {
        var home = FilesCapability.mint("files:/home", fs);
        var mine = home.narrow("/home/me", true);
        assertEquals("files:/home/me:ro", mine.name());
        assertFalse(
                mine.narrow("/home/me/deeper", false).writable(),
                "a read-only handle yields no writable one");
        var wider = assertThrows(IllegalArgumentException.class, () -> home.narrow("/etc", false));
        assertEquals("/etc is outside this capability's scope /home", wider.getMessage());
        assertInstanceOf(
                FsError.PermissionDenied.class,
                error(await(mine.write("/home/me/x", new byte[0]))));
    }
}
