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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code host} layer: a host directory mounted over 9P2000.L ({@link NinePClient}), read and
 * written. It asks its supplier for the share ({@link NinePShare}: the board's, or the virt board's
 * once its device is probed) on each request until there is one, so a share that comes late is
 * seen, and connects on the first request. With no share, or a server it cannot reach, every
 * request is {@link FsError.Unavailable} with the reason, and a request after {@link #RETRY} tries
 * again. The server's refusals (Rlerror) become the tree's errors ({@link Errno#toFsError}); a
 * failed channel or a reply that breaks the protocol crashes the mount, and the VFS root restarts
 * it, which connects afresh. Run it on a dispatcher for blocking I/O: each request waits for its
 * exchanges.
 */
public final class HostMount {
    static final String LAYER = "host";
    static final String NO_SHARE = "no host share on this board (scripts/run --share DIR)";

    /**
     * After a failed connect, requests are answered with its reason for this long before the next
     * try.
     */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final Supplier<Optional<NinePShare>> share;
    private final Duration retry;
    // actor-confined
    private NinePFiles files; // null until connected
    private String source = "";
    private String unreachable; // why the last connect failed, or null
    private long triedAt; // System.nanoTime() of that connect

    private HostMount(Supplier<Optional<NinePShare>> share, Duration retry) {
        this.share = share;
        this.retry = retry;
    }

    public static Behavior<FsProtocol.Request> create(Supplier<Optional<NinePShare>> share) {
        return create(share, RETRY);
    }

    static Behavior<FsProtocol.Request> create(
            Supplier<Optional<NinePShare>> share, Duration retry) {
        return Behaviors.setup(ctx -> new HostMount(share, retry).serving());
    }

    private Behavior<FsProtocol.Request> serving() {
        return Behaviors.receive(FsProtocol.Request.class)
                .onMessage(
                        FsProtocol.Request.class,
                        r -> {
                            onRequest(r);
                            return Behaviors.same();
                        })
                .onSignal(
                        PostStop.class,
                        s -> {
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
        if (unreachable != null && System.nanoTime() - triedAt < retry.toNanos()) {
            return unreachable; // a server that is down is not asked again for every lookup of the
            // union
        }
        try {
            triedAt = System.nanoTime();
            files = new NinePFiles(found.get().connect());
            source = found.get().source() + " (9P2000.L, msize " + files.client().msize() + ")";
            unreachable = null;
            return null;
        } catch (IOException e) {
            unreachable =
                    "the host share "
                            + found.get().source()
                            + " cannot be reached: "
                            + e.getMessage();
            return unreachable;
        }
    }

    private void onRequest(FsProtocol.Request request) throws IOException {
        String problem = connect();
        if (problem != null) {
            FsProtocol.fail(
                    request,
                    problem.equals(NO_SHARE) // no --share: this board has no host layer
                            ? FsError.Unavailable.notConfigured(LAYER, problem)
                            : new FsError.Unavailable(LAYER, problem));
            return;
        }
        try {
            serve(request);
        } catch (NinePErrorException e) {
            FsProtocol.fail(request, error(e, FsProtocol.path(request)));
        } catch (IOException | RuntimeException e) {
            disconnect(); // the channel or the server is broken: crash, and the root's restart
            // connects again
            throw e;
        }
    }

    private void serve(FsProtocol.Request request) throws IOException {
        switch (request) {
            case FsProtocol.Describe d -> d.replyTo().tell(new FsProtocol.Description(source, ""));
            case FsProtocol.Stat s ->
                    s.replyTo()
                            .tell(
                                    new FsProtocol.StatOk(
                                            entry(s.path(), files.stat(s.path().segments()))));
            case FsProtocol.ReadDir d -> d.replyTo().tell(readDir(d.path()));
            case FsProtocol.Read r -> r.replyTo().tell(read(r));
            case FsProtocol.Write w ->
                    change(
                            w.path(),
                            w.replyTo(),
                            new FsError.IsADirectory(w.path()),
                            () -> files.write(w.path().segments(), w.data()));
            case FsProtocol.Delete d ->
                    change(
                            d.path(),
                            d.replyTo(),
                            new FsError.IsADirectory(d.path()),
                            () -> files.remove(d.path().segments()));
            case FsProtocol.MakeDir m ->
                    change(
                            m.path(),
                            m.replyTo(),
                            new FsError.Exists(m.path()),
                            () -> files.mkdir(m.path().segments()));
        }
    }

    private interface Change {
        void run() throws IOException;
    }

    /**
     * A change below the root made by {@code change}; the share's root itself is refused with
     * {@code atRoot}.
     */
    private static void change(
            FsPath path,
            akka.actor.typed.ActorRef<FsProtocol.ChangeReply> replyTo,
            FsError atRoot,
            Change change)
            throws IOException {
        if (path.isRoot()) {
            replyTo.tell(new Failed(atRoot));
        } else {
            change.run();
            replyTo.tell(new FsProtocol.Done());
        }
    }

    private static FsEntry entry(FsPath path, NinePAttr a) {
        return a.isDirectory()
                ? FsEntry.directory(path.name())
                : FsEntry.file(path.name(), a.size());
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
                out.add(
                        e.isDirectory()
                                ? FsEntry.directory(e.name())
                                : FsEntry.file(e.name(), files.stat(child.segments()).size()));
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
        var got =
                files.read(
                        r.path().segments(),
                        FsProtocol.start(r, a.size()),
                        (int) FsProtocol.count(r, a.size()));
        return new FsProtocol.ReadOk(got.data(), got.size());
    }

    /** The tree's error for a refusal at {@code path}: a walk stopped by a file names that file. */
    static FsError error(NinePErrorException e, FsPath path) {
        if (e.errno() == Errno.ENOTDIR
                && e.failedAt() > 0
                && e.failedAt() <= path.segments().size()) {
            FsPath file = FsPath.ROOT;
            for (String name : path.segments().subList(0, e.failedAt())) {
                file = file.resolve(name);
            }
            return new FsError.NotADirectory(file);
        }
        return Errno.toFsError(e.errno(), path, LAYER);
    }
}
