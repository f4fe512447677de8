package honk.board.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;

import honk.storage.fs.FsEntry;
import honk.storage.fs.FsError;
import honk.storage.fs.FsPath;
import honk.storage.fs.FsProtocol;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The host layer read directly (no diod): the mount protocol over a directory, its errors, and no
 * way out through a link.
 */
@Timeout(60)
class DirectoryMountTest {
    private static final ActorTestKit kit = ActorTestKit.create();

    @TempDir Path dir;

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private <R> R ask(
            ActorRef<FsProtocol.Request> mount, Function<ActorRef<R>, FsProtocol.Request> request)
            throws Exception {
        return AskPattern.<FsProtocol.Request, R>ask(
                        mount, request::apply, Duration.ofSeconds(10), kit.scheduler())
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static FsPath p(String s) {
        return FsPath.parse(s);
    }

    private static FsError error(Object reply) {
        return assertInstanceOf(
                        FsProtocol.Failed.class, reply, () -> "expected a refusal, got " + reply)
                .error();
    }

    @Test
    void theDirectoryIsReadAndWrittenThroughTheMountProtocol() throws Exception {
        Files.writeString(dir.resolve("top.txt"), "top level");
        Files.createDirectories(dir.resolve("nested/deeper"));
        var mount = kit.spawn(DirectoryMount.create(dir));
        assertEquals(
                new FsProtocol.StatOk(FsEntry.file("top.txt", 9)),
                this.<FsProtocol.StatReply>ask(mount, r -> new FsProtocol.Stat(p("/top.txt"), r)));
        assertEquals(
                new FsProtocol.ReadDirOk(
                        List.of(FsEntry.directory("nested"), FsEntry.file("top.txt", 9))),
                this.<FsProtocol.ReadDirReply>ask(mount, r -> new FsProtocol.ReadDir(p("/"), r)));
        var range =
                assertInstanceOf(
                        FsProtocol.ReadOk.class,
                        this.<FsProtocol.ReadReply>ask(
                                mount, r -> new FsProtocol.Read(p("/top.txt"), 4, 3, r)));
        assertEquals("lev", new String(range.data(), StandardCharsets.UTF_8));
        assertEquals(9, range.size());
        assertEquals(
                new FsProtocol.Done(),
                this.<FsProtocol.ChangeReply>ask(
                        mount,
                        r ->
                                new FsProtocol.Write(
                                        p("/nested/deeper/new.txt"), "hi".getBytes(), r)));
        assertEquals("hi", Files.readString(dir.resolve("nested/deeper/new.txt")));
        assertEquals(
                new FsProtocol.Done(),
                this.<FsProtocol.ChangeReply>ask(
                        mount, r -> new FsProtocol.MakeDir(p("/made"), r)));
        assertTrue(Files.isDirectory(dir.resolve("made")));
        assertEquals(
                new FsError.Exists(p("/made")),
                error(
                        this.<FsProtocol.ChangeReply>ask(
                                mount, r -> new FsProtocol.MakeDir(p("/made"), r))));
        assertEquals(
                new FsError.NotEmpty(p("/nested")),
                error(
                        this.<FsProtocol.ChangeReply>ask(
                                mount, r -> new FsProtocol.Delete(p("/nested"), r))));
        assertEquals(
                new FsProtocol.Done(),
                this.<FsProtocol.ChangeReply>ask(mount, r -> new FsProtocol.Delete(p("/made"), r)));
        assertFalse(Files.exists(dir.resolve("made")));
        assertEquals(
                new FsError.NotFound(p("/nope")),
                error(
                        this.<FsProtocol.StatReply>ask(
                                mount, r -> new FsProtocol.Stat(p("/nope"), r))));
        assertEquals(
                new FsError.NotADirectory(p("/top.txt")),
                error(
                        this.<FsProtocol.StatReply>ask(
                                mount, r -> new FsProtocol.Stat(p("/top.txt/x"), r))));
        assertEquals(
                new FsError.IsADirectory(p("/nested")),
                error(
                        this.<FsProtocol.ReadReply>ask(
                                mount, r -> new FsProtocol.Read(p("/nested"), 0, -1, r))));
        assertEquals(
                new FsError.IsADirectory(p("/nested")),
                error(
                        this.<FsProtocol.ChangeReply>ask(
                                mount, r -> new FsProtocol.Write(p("/nested"), new byte[1], r))));
        assertEquals(
                new FsError.NotFound(p("/no/file")),
                error(
                        this.<FsProtocol.ChangeReply>ask(
                                mount, r -> new FsProtocol.Write(p("/no/file"), new byte[1], r))));
        byte[] big = new byte[3 << 20];
        new java.util.Random(3).nextBytes(big);
        assertEquals(
                new FsProtocol.Done(),
                this.<FsProtocol.ChangeReply>ask(
                        mount, r -> new FsProtocol.Write(p("/big"), big, r)));
        assertArrayEquals(
                big,
                assertInstanceOf(
                                FsProtocol.ReadOk.class,
                                this.<FsProtocol.ReadReply>ask(
                                        mount, r -> FsProtocol.Read.whole(p("/big"), r)))
                        .data());
    }

    @Test
    void aSymbolicLinkIsNeverFollowedOutOfTheDirectory(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret"), "not for honk");
        Files.createSymbolicLink(dir.resolve("out"), outside);
        Files.createSymbolicLink(dir.resolve("secret-link"), outside.resolve("secret"));
        var mount = kit.spawn(DirectoryMount.create(dir));
        var denied =
                assertInstanceOf(
                        FsError.PermissionDenied.class,
                        error(
                                this.<FsProtocol.ReadReply>ask(
                                        mount, r -> FsProtocol.Read.whole(p("/out/secret"), r))));
        assertEquals(
                "permission denied: /out is a symbolic link; the host share does not follow links",
                denied.message());
        assertInstanceOf(
                FsError.PermissionDenied.class,
                error(
                        this.<FsProtocol.ReadReply>ask(
                                mount, r -> FsProtocol.Read.whole(p("/secret-link"), r))));
        assertInstanceOf(
                FsError.PermissionDenied.class,
                error(
                        this.<FsProtocol.ChangeReply>ask(
                                mount,
                                r -> new FsProtocol.Write(p("/secret-link"), new byte[1], r))));
        assertEquals(
                "not for honk",
                Files.readString(outside.resolve("secret")),
                "nothing was written through the link");
        assertEquals(
                new FsProtocol.ReadDirOk(List.of()),
                this.<FsProtocol.ReadDirReply>ask(mount, r -> new FsProtocol.ReadDir(p("/"), r)),
                "links are not listed");
    }

    @Test
    void aShareIsServedByDiodWhereItIsInstalledAndReadDirectlyWhereNot() {
        var direct = HostBoard.share(dir, java.util.Optional.empty());
        assertTrue(direct.direct().isPresent() && direct.ninep().isEmpty());
        var board = new HostBoard(List.of(), java.util.Optional.of(direct));
        assertTrue(board.hostLayer().isPresent() && board.hostShare().isEmpty());
        var served = HostBoard.share(dir, java.util.Optional.of(Path.of("/usr/sbin/diod")));
        assertTrue(served.ninep().isPresent() && served.direct().isEmpty());
        var refused =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> HostBoard.share(dir.resolve("missing"), java.util.Optional.empty()));
        assertTrue(
                refused.getMessage()
                        .endsWith(
                                "missing is not a directory (give --share the directory to"
                                        + " share)"));
    }
}
