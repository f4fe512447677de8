package honk.storage.fs;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Behaviors;
import honk.storage.fs.FsProtocol.Failed;
import honk.storage.ninep.Errno;
import honk.storage.ninep.NinePAttr;
import honk.storage.ninep.NinePClient;
import honk.storage.ninep.NinePDirEntry;
import honk.storage.ninep.NinePErrorException;
import honk.storage.ninep.NinePFiles;
import honk.storage.ninep.NinePShare;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code host} layer: a host directory mounted over 9P2000.L ({@link NinePClient}), read and
 * written. It finds the share the board registered ({@link NinePShare}; looked up again on each
 * request until there is one, so a late registration is seen) and connects on the first request.
 * With no share, or a server it cannot reach, every request is {@link FsError.Unavailable} with
 * the reason, and the next request tries again. The server's refusals (Rlerror) become the tree's
 * errors ({@link Errno#toFsError}); a failed channel or a reply that breaks the protocol crashes
 * the mount, and the VFS root restarts it, which connects afresh. Run it on a dispatcher for
 * blocking I/O: each request waits for its exchanges.
 */
public final class HostMount {
    static final String LAYER = "host";
    static final String NO_SHARE = "no host share on this board (scripts/run --share DIR)";

    private final Supplier<Optional<NinePShare>> share;
    // actor-confined
    private NinePFiles files; // null until connected
    private String source = "";

    private HostMount(Supplier<Optional<NinePShare>> share) {
        this.share = share;
    }

    public static Behavior<FsProtocol.Request> create(Supplier<Optional<NinePShare>> share) {
        return Behaviors.setup(ctx -> new HostMount(share).serving());
    }

    private Behavior<FsProtocol.Request> serving() {
        return Behaviors.receive(FsProtocol.Request.class)
                .onMessage(FsProtocol.Request.class, r -> {
                    onRequest(r);
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> {
                    disconnect();
                    return Behaviors.same();
                })
                .build();
    }

    private void disconnect() {
        if (files != null) {
            files.client().close();
            files = null;
        }
    }

    /** Why the share cannot serve now, or null once connected. */
    private String connect() {
        if (files != null) {
            return null;
        }
        Optional<NinePShare> found = share.get();
        if (found.isEmpty()) {
            return NO_SHARE;
        }
        try {
            files = new NinePFiles(found.get().connect());
            source = found.get().source() + " (9P2000.L, msize " + files.client().msize() + ")";
            return null;
        } catch (IOException e) {
            return "the host share " + found.get().source() + " cannot be reached: " + e.getMessage();
        }
    }

    private void onRequest(FsProtocol.Request request) throws IOException {
        String problem = connect();
        if (problem != null) {
            FsProtocol.fail(request, new FsError.Unavailable(LAYER, problem));
            return;
        }
        try {
            serve(request);
        } catch (NinePErrorException e) {
            FsProtocol.fail(request, error(e, path(request)));
        } catch (IOException | RuntimeException e) {
            disconnect(); // the channel or the server is broken: crash, and the root's restart connects again
            throw e;
        }
    }

    private void serve(FsProtocol.Request request) throws IOException {
        switch (request) {
            case FsProtocol.Describe d -> d.replyTo().tell(new FsProtocol.Description(source, ""));
            case FsProtocol.Stat s -> s.replyTo().tell(new FsProtocol.StatOk(entry(s.path(), files.stat(s.path().segments()))));
            case FsProtocol.ReadDir d -> d.replyTo().tell(readDir(d.path()));
            case FsProtocol.Read r -> r.replyTo().tell(read(r));
            case FsProtocol.Write w -> {
                if (w.path().isRoot()) {
                    w.replyTo().tell(new Failed(new FsError.IsADirectory(w.path())));
                } else {
                    files.write(w.path().segments(), w.data());
                    w.replyTo().tell(new FsProtocol.Done());
                }
            }
            case FsProtocol.Delete d -> {
                if (d.path().isRoot()) {
                    d.replyTo().tell(new Failed(new FsError.IsADirectory(d.path())));
                } else {
                    files.remove(d.path().segments());
                    d.replyTo().tell(new FsProtocol.Done());
                }
            }
            case FsProtocol.MakeDir m -> {
                if (m.path().isRoot()) {
                    m.replyTo().tell(new Failed(new FsError.Exists(m.path())));
                } else {
                    files.mkdir(m.path().segments());
                    m.replyTo().tell(new FsProtocol.Done());
                }
            }
        }
    }

    private static FsEntry entry(FsPath path, NinePAttr a) {
        return a.isDirectory() ? FsEntry.directory(path.name()) : FsEntry.file(path.name(), a.size());
    }

    private FsProtocol.ReadDirReply readDir(FsPath path) throws IOException {
        var out = new ArrayList<FsEntry>();
        for (NinePDirEntry e : files.list(path.segments())) {
            FsPath child;
            try {
                child = path.resolve(e.name());
            } catch (java.nio.file.InvalidPathException bad) {
                continue; // a host name the tree cannot hold (a control character): not shown
            }
            try {
                out.add(e.isDirectory() ? FsEntry.directory(e.name()) : FsEntry.file(e.name(), files.stat(child.segments()).size()));
            } catch (NinePErrorException gone) {
                // removed on the host since the listing: leave it out
            }
        }
        out.sort(Comparator.comparing(FsEntry::name));
        return new FsProtocol.ReadDirOk(out);
    }

    private FsProtocol.ReadReply read(FsProtocol.Read r) throws IOException {
        NinePAttr a = files.stat(r.path().segments());
        if (a.isDirectory()) {
            return new Failed(new FsError.IsADirectory(r.path()));
        }
        Failed refusal = FsProtocol.refusal(r, a.size());
        if (refusal != null) {
            return refusal;
        }
        var got = files.read(r.path().segments(), FsProtocol.start(r, a.size()), (int) FsProtocol.count(r, a.size()));
        return new FsProtocol.ReadOk(got.data(), got.size());
    }

    private static FsPath path(FsProtocol.Request r) {
        return switch (r) {
            case FsProtocol.Stat s -> s.path();
            case FsProtocol.ReadDir d -> d.path();
            case FsProtocol.Read x -> x.path();
            case FsProtocol.Write w -> w.path();
            case FsProtocol.Delete d -> d.path();
            case FsProtocol.MakeDir m -> m.path();
            case FsProtocol.Describe d -> FsPath.ROOT;
        };
    }

    /** The tree's error for a refusal at {@code path}: a walk stopped by a file names that file. */
    static FsError error(NinePErrorException e, FsPath path) {
        if (e.errno() == Errno.ENOTDIR && e.failedAt() > 0 && e.failedAt() <= path.segments().size()) {
            FsPath file = FsPath.ROOT;
            for (String name : path.segments().subList(0, e.failedAt())) {
                file = file.resolve(name);
            }
            return new FsError.NotADirectory(file);
        }
        return Errno.toFsError(e.errno(), path, LAYER);
    }
}
