package honk.storage.fs;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;

import honk.storage.core.CoreFile;
import honk.storage.core.CoreImage;
import honk.storage.core.CoreService;
import honk.storage.fs.FsProtocol.Failed;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The {@code core} layer: the read-only mount over the booted core image ({@link CoreService} in
 * the kernel's registry). Every byte it returns comes through {@link CoreImage#read}, which checks
 * each 4 KiB chunk against the Merkle hashes verified at open; a chunk that no longer matches is an
 * {@link FsError.Io}, never data. Writes, deletes and mkdir are {@link FsError.ReadOnly}.
 *
 * <p>Requests wait (stashed) while the core is being verified. If there is no core on this board
 * (nothing registered; looked up again on each request, so a late registration is seen) or it
 * failed to verify, every request is answered {@link FsError.Unavailable} with the reason. The
 * directory tree is built once from the manifest. Run it on a dispatcher for blocking I/O.
 */
public final class CoreMount {
    /** Requests held while the core is verified; past it they are told to try again. */
    static final int STASH = 1000;

    private record Verified(CoreImage image) {}

    private record Refused(String reason) {}

    /** The image's files and the directories they imply, by relative path ("" is the root). */
    private record Tree(
            CoreImage image, Map<String, Long> files, Map<String, TreeMap<String, FsEntry>> dirs) {}

    private final ActorContext<Object> ctx;
    private final StashBuffer<Object> stash;
    private final Supplier<Optional<CoreService>> core;

    private CoreMount(
            ActorContext<Object> ctx,
            StashBuffer<Object> stash,
            Supplier<Optional<CoreService>> core) {
        this.ctx = ctx;
        this.stash = stash;
        this.core = core;
    }

    /**
     * The mount over whatever {@code core} finds (the registry's {@link CoreService}, when there is
     * one).
     */
    public static Behavior<FsProtocol.Request> create(Supplier<Optional<CoreService>> core) {
        return Behaviors.<Object>setup(ctx ->
                        Behaviors.withStash(
                                STASH, stash -> new CoreMount(ctx, stash, core).absent()))
                .narrow();
    }

    /** No core registered yet: each request looks again. */
    private Behavior<Object> absent() {
        Optional<CoreService> found = core.get();
        if (found.isPresent()) {
            ctx.pipeToSelf(
                    found.get().image(),
                    (image, failure) ->
                            failure == null
                                    ? new Verified(image)
                                    : new Refused(
                                            "the core is unavailable: "
                                                    + cause(failure).getMessage()));
            return verifying();
        }
        return Behaviors.receive(Object.class)
                .onMessage(
                        FsProtocol.Request.class,
                        r -> {
                            if (core.get().isPresent()) {
                                stash.stash(r);
                                return absent();
                            }
                            FsProtocol.fail(
                                    r,
                                    FsError.Unavailable.notConfigured(
                                            "core",
                                            "no core image on this board (none was registered)"));
                            return Behaviors.same();
                        })
                .build();
    }

    private Behavior<Object> verifying() {
        return Behaviors.receive(Object.class)
                .onMessage(Verified.class, v -> stash.unstashAll(serving(tree(v.image()))))
                .onMessage(Refused.class, r -> stash.unstashAll(unavailable(r.reason())))
                .onMessage(
                        FsProtocol.Request.class,
                        r -> {
                            if (stash.isFull()) {
                                FsProtocol.fail(
                                        r,
                                        new FsError.Io(
                                                "the core is still being verified; try again in a"
                                                        + " moment"));
                            } else {
                                stash.stash(r);
                            }
                            return Behaviors.same();
                        })
                .build();
    }

    private Behavior<Object> unavailable(String reason) {
        return Behaviors.receive(Object.class)
                .onMessage(
                        FsProtocol.Request.class,
                        r -> {
                            FsProtocol.fail(r, new FsError.Unavailable("core", reason));
                            return Behaviors.same();
                        })
                .build();
    }

    private Behavior<Object> serving(Tree tree) {
        return Behaviors.receive(Object.class)
                .onMessage(
                        FsProtocol.Request.class,
                        r -> {
                            serve(tree, r);
                            return Behaviors.same();
                        })
                .build();
    }

    private static void serve(Tree tree, FsProtocol.Request request) {
        switch (request) {
            case FsProtocol.Describe d ->
                    d.replyTo().tell(new FsProtocol.Description(tree.image().describe(), ""));
            case FsProtocol.Stat s -> s.replyTo().tell(stat(tree, s.path()));
            case FsProtocol.ReadDir d -> d.replyTo().tell(readDir(tree, d.path()));
            case FsProtocol.Read r -> r.replyTo().tell(read(tree, r));
            case FsProtocol.Write w -> w.replyTo().tell(readOnly(tree, w.path(), "changed"));
            case FsProtocol.Delete d -> d.replyTo().tell(readOnly(tree, d.path(), "deleted"));
            case FsProtocol.MakeDir m -> m.replyTo().tell(readOnly(tree, m.path(), "made"));
        }
    }

    private static Tree tree(CoreImage image) {
        var files = new HashMap<String, Long>();
        var dirs = new HashMap<String, TreeMap<String, FsEntry>>();
        dirs.put("", new TreeMap<>());
        for (CoreFile f : image.files()) {
            files.put(f.path(), f.size());
            String[] names = f.path().split("/");
            String dir = "";
            for (int i = 0; i < names.length; i++) {
                boolean last = i == names.length - 1;
                dirs.computeIfAbsent(dir, d -> new TreeMap<>())
                        .put(
                                names[i],
                                last
                                        ? FsEntry.file(names[i], f.size())
                                        : FsEntry.directory(names[i]));
                dir = dir.isEmpty() ? names[i] : dir + "/" + names[i];
            }
        }
        return new Tree(image, Map.copyOf(files), Map.copyOf(dirs));
    }

    private static FsProtocol.StatReply stat(Tree tree, FsPath path) {
        if (tree.dirs().containsKey(path.relative())) {
            return new FsProtocol.StatOk(FsEntry.directory(path.name()));
        }
        Long size = tree.files().get(path.relative());
        return size != null
                ? new FsProtocol.StatOk(FsEntry.file(path.name(), size))
                : missing(tree, path);
    }

    private static Failed missing(Tree tree, FsPath path) {
        for (FsPath up : path.ancestors()) {
            if (tree.files().containsKey(up.relative())) {
                return new Failed(new FsError.NotADirectory(up));
            }
        }
        return new Failed(new FsError.NotFound(path));
    }

    private static FsProtocol.ReadDirReply readDir(Tree tree, FsPath path) {
        var children = tree.dirs().get(path.relative());
        if (children != null) {
            return new FsProtocol.ReadDirOk(List.copyOf(children.values()));
        }
        return tree.files().containsKey(path.relative())
                ? new Failed(new FsError.NotADirectory(path))
                : missing(tree, path);
    }

    private static FsProtocol.ReadReply read(Tree tree, FsProtocol.Read r) {
        Long size = tree.files().get(r.path().relative());
        if (size == null) {
            return tree.dirs().containsKey(r.path().relative())
                    ? new Failed(new FsError.IsADirectory(r.path()))
                    : missing(tree, r.path());
        }
        Failed refusal = FsProtocol.refusal(r, size);
        if (refusal != null) {
            return refusal;
        }
        try {
            byte[] data =
                    tree.image()
                            .read(
                                    r.path().relative(),
                                    FsProtocol.start(r, size),
                                    (int) FsProtocol.count(r, size));
            return new FsProtocol.ReadOk(data, size);
        } catch (IOException e) {
            return new Failed(new FsError.Io(e.getMessage()));
        }
    }

    private static Failed readOnly(Tree tree, FsPath path, String verb) {
        boolean there =
                tree.files().containsKey(path.relative())
                        || tree.dirs().containsKey(path.relative());
        return new Failed(
                new FsError.ReadOnly(
                        path,
                        there
                                ? "is in the read-only core; it cannot be " + verb
                                : "cannot be " + verb + " in the read-only core"));
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
