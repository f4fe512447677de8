package honk.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Asks a VFS root (or one mount) in a test, waiting for each answer. */
final class VfsClient {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final ActorTestKit kit;
    private final Function<FsProtocol.Request, Object> wrap;
    private final ActorRef<Object> target;

    @SuppressWarnings("unchecked")
    private VfsClient(
            ActorTestKit kit, ActorRef<?> target, Function<FsProtocol.Request, Object> wrap) {
        this.kit = kit;
        this.target = (ActorRef<Object>) target;
        this.wrap = wrap;
    }

    static VfsClient of(ActorTestKit kit, ActorRef<Vfs.Command> vfs) {
        return new VfsClient(kit, vfs, Vfs.Serve::new);
    }

    /** Talks to the one layer {@code layer} through the root. */
    static VfsClient layer(ActorTestKit kit, ActorRef<Vfs.Command> vfs, String layer) {
        return new VfsClient(kit, vfs, r -> new Vfs.ServeLayer(layer, r));
    }

    /** The root this client talks to (a {@link #of} client's). */
    @SuppressWarnings("unchecked")
    ActorRef<Vfs.Command> root() {
        return (ActorRef<Vfs.Command>) (ActorRef<?>) target;
    }

    /** Talks to a mount directly, without the root. */
    static VfsClient mount(ActorTestKit kit, ActorRef<FsProtocol.Request> mount) {
        return new VfsClient(kit, mount, r -> r);
    }

    static FsPath p(String path) {
        return FsPath.parse(path);
    }

    <R> R ask(Function<ActorRef<R>, FsProtocol.Request> request) throws Exception {
        return AskPattern.<Object, R>ask(
                        target, r -> wrap.apply(request.apply(r)), WAIT, kit.scheduler())
                .toCompletableFuture()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    FsProtocol.StatReply stat(String path) throws Exception {
        return ask(r -> new FsProtocol.Stat(p(path), r));
    }

    FsProtocol.ReadDirReply list(String path) throws Exception {
        return ask(r -> new FsProtocol.ReadDir(p(path), r));
    }

    FsProtocol.ReadReply read(String path, long offset, int length) throws Exception {
        return ask(r -> new FsProtocol.Read(p(path), offset, length, r));
    }

    FsProtocol.ReadReply read(String path) throws Exception {
        return read(path, 0, FsProtocol.Read.WHOLE);
    }

    FsProtocol.ChangeReply write(String path, String text) throws Exception {
        return write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    FsProtocol.ChangeReply write(String path, byte[] data) throws Exception {
        return ask(r -> new FsProtocol.Write(p(path), data, r));
    }

    FsProtocol.ChangeReply mkdir(String path) throws Exception {
        return ask(r -> new FsProtocol.MakeDir(p(path), r));
    }

    FsProtocol.ChangeReply delete(String path) throws Exception {
        return ask(r -> new FsProtocol.Delete(p(path), r));
    }

    /** The whole file as text; fails the test if it cannot be read. */
    String text(String path) throws Exception {
        var reply = read(path);
        return new String(
                assertInstanceOf(FsProtocol.ReadOk.class, reply, () -> path + ": " + reply).data(),
                StandardCharsets.UTF_8);
    }

    FsEntry entry(String path) throws Exception {
        var reply = stat(path);
        return assertInstanceOf(FsProtocol.StatOk.class, reply, () -> path + ": " + reply).entry();
    }

    /** "name:layers" for each entry of the listing, e.g. "motd:kv,core", "guide/:core". */
    List<String> names(String path) throws Exception {
        var reply = list(path);
        return assertInstanceOf(FsProtocol.ReadDirOk.class, reply, () -> path + ": " + reply)
                .entries()
                .stream()
                .map(e ->
                        e.name()
                                + (e.isDirectory() ? "/" : "")
                                + (e.layers().isEmpty() ? "" : ":" + String.join(",", e.layers())))
                .toList();
    }

    void ok(FsProtocol.ChangeReply reply) {
        assertEquals(new FsProtocol.Done(), reply);
    }

    /** The error of a failed reply; fails the test on success. */
    static FsError error(FsProtocol.Reply reply) {
        return assertInstanceOf(
                        FsProtocol.Failed.class, reply, () -> "expected a refusal, got " + reply)
                .error();
    }
}
