package honk.board.host;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import honk.storage.fs.FsEntry;
import honk.storage.fs.FsError;
import honk.storage.fs.FsPath;
import honk.storage.fs.FsProtocol;
import honk.storage.fs.FsProtocol.Failed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host board's {@code host} layer without a 9P server: the shared directory read and written
 * directly, speaking the same mount protocol as the 9P mount (for {@code --share} where diod is not
 * installed). Every path is resolved name by name below the directory and never through a symbolic
 * link (a link is refused, so nothing outside the directory is reached); paths arrive checked by
 * {@link FsPath}, so no name is "." or "..". Errors are the tree's, as the 9P mount gives them.
 * Blocking file I/O: run it on the blocking dispatcher.
 */
public final class DirectoryMount {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;

    private DirectoryMount(Path root) {
        this.root = root;
    }

    public static Behavior<FsProtocol.Request> create(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return Behaviors.setup(ctx -> {
            var mount = new DirectoryMount(root);
            return Behaviors.receiveMessage(r -> {
                mount.serve(r);
                return Behaviors.same();
            });
        });
    }

    /** Refused: a symbolic link on the way to {@code path}. */
    private static final class LinkRefused extends IOException {
        final FsPath at;

        LinkRefused(FsPath at) {
            this.at = at;
        }
    }

    /** The host path of {@code path}, no component of which may be a symbolic link. */
    private Path resolve(FsPath path) throws LinkRefused {
        Path p = root;
        FsPath at = FsPath.ROOT;
        for (String name : path.segments()) {
            p = p.resolve(name);
            at = at.resolve(name);
            if (Files.isSymbolicLink(p)) {
                throw new LinkRefused(at);
            }
        }
        return p;
    }

    private void serve(FsProtocol.Request request) {
        FsPath path = FsProtocol.path(request);
        try {
            Path p = resolve(path);
            switch (request) {
                case FsProtocol.Describe d ->
                        d.replyTo()
                                .tell(
                                        new FsProtocol.Description(
                                                root
                                                        + " (read directly: diod is"
                                                        + " not installed)",
                                                Files.isDirectory(root, NOFOLLOW)
                                                        ? ""
                                                        : root + " is not a directory any more"));
                case FsProtocol.Stat s ->
                        s.replyTo().tell(new FsProtocol.StatOk(entry(path.name(), p)));
                case FsProtocol.ReadDir d -> d.replyTo().tell(new FsProtocol.ReadDirOk(list(p)));
                case FsProtocol.Read r -> r.replyTo().tell(read(r, p));
                case FsProtocol.Write w -> {
                    if (Files.isDirectory(p, NOFOLLOW)) {
                        throw new FileAlreadyExistsException(p.toString(), null, "directory");
                    }
                    Files.write(
                            p,
                            w.data(),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
                    w.replyTo().tell(new FsProtocol.Done());
                }
                case FsProtocol.Delete d -> {
                    if (path.isRoot()) {
                        throw new FileAlreadyExistsException(p.toString(), null, "directory");
                    }
                    Files.delete(p);
                    d.replyTo().tell(new FsProtocol.Done());
                }
                case FsProtocol.MakeDir m -> {
                    Files.createDirectory(p);
                    m.replyTo().tell(new FsProtocol.Done());
                }
            }
        } catch (IOException e) {
            FsProtocol.fail(request, error(request, path, e));
        } catch (UncheckedIOException e) { // from a directory listing's stream
            FsProtocol.fail(request, error(request, path, e.getCause()));
        }
    }

    private static FsEntry entry(String name, Path p) throws IOException {
        var a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        return a.isDirectory() ? FsEntry.directory(name) : FsEntry.file(name, a.size());
    }

    private static List<FsEntry> list(Path dir) throws IOException {
        var out = new ArrayList<FsEntry>();
        try (Stream<Path> names = Files.list(dir)) {
            for (Path p : (Iterable<Path>) names::iterator) {
                String name = p.getFileName().toString();
                try {
                    FsPath.parse("/" + name); // a name the tree can hold
                } catch (java.nio.file.InvalidPathException bad) {
                    continue;
                }
                if (!Files.isSymbolicLink(p)) { // links are not followed, so not shown
                    out.add(entry(name, p));
                }
            }
        }
        out.sort(Comparator.comparing(FsEntry::name));
        return out;
    }

    private static FsProtocol.ReadReply read(FsProtocol.Read r, Path p) throws IOException {
        var a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        if (a.isDirectory()) {
            return new Failed(new FsError.IsADirectory(r.path()));
        }
        long size = a.size();
        Failed refusal = FsProtocol.refusal(r, size);
        if (refusal != null) {
            return refusal;
        }
        long offset = FsProtocol.start(r, size);
        long want = FsProtocol.count(r, size);
        var buf = ByteBuffer.allocate((int) want);
        try (var ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // until the file ends or the buffer is full
            }
        }
        byte[] data = new byte[buf.position()];
        buf.flip().get(data);
        return new FsProtocol.ReadOk(data, size);
    }

    /** The tree's error for {@code e}, met serving {@code request} at {@code path}. */
    private FsError error(FsProtocol.Request request, FsPath path, Exception e) {
        if (e instanceof LinkRefused l) {
            return new FsError.PermissionDenied(
                    l.at, l.at + " is a symbolic link; the host share does not follow links");
        }
        for (FsPath up : path.ancestors()) { // a file where a directory should be: name it
            try {
                Path p = resolve(up);
                if (Files.exists(p, NOFOLLOW) && !Files.isDirectory(p, NOFOLLOW)) {
                    return new FsError.NotADirectory(up);
                }
            } catch (LinkRefused l) {
                return new FsError.PermissionDenied(
                        l.at, l.at + " is a symbolic link; the host share does not follow links");
            }
        }
        return switch (e) {
            case NoSuchFileException n -> new FsError.NotFound(path);
            case DirectoryNotEmptyException n -> new FsError.NotEmpty(path);
            case FileAlreadyExistsException x when "directory".equals(x.getReason()) ->
                    request instanceof FsProtocol.MakeDir
                            ? new FsError.Exists(path)
                            : new FsError.IsADirectory(path);
            case FileAlreadyExistsException x -> new FsError.Exists(path);
            case AccessDeniedException a ->
                    new FsError.PermissionDenied(path, "the host refused access to " + path);
            default ->
                    e.getMessage() != null && e.getMessage().endsWith("Is a directory")
                            ? new FsError.IsADirectory(path)
                            : e.getMessage() != null && e.getMessage().endsWith("Not a directory")
                                    ? new FsError.NotADirectory(path)
                                    : new FsError.Io(
                                            "the host share failed on "
                                                    + path
                                                    + ": "
                                                    + (e.getMessage() == null
                                                            ? e.getClass().getSimpleName()
                                                            : e.getMessage()));
        };
    }
}
