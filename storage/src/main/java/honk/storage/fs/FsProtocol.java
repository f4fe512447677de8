package honk.storage.fs;

import akka.actor.typed.ActorRef;

import java.util.List;
import java.util.Objects;

/**
 * The mount protocol: what a file tree answers, one request per operation, each with its {@code
 * replyTo}. Every mount actor speaks it over its own backing store (the KV store, the verified
 * core, a 9P host share), and the {@link Vfs} root speaks it for the union of its mounts, so a new
 * kind of mount is one actor that handles these seven requests.
 *
 * <p>Rules for an implementer: paths arrive checked ({@link FsPath}); directories may be implied by
 * the files below them (the root always exists); a refusal is a {@link Failed} reply with an {@link
 * FsError}, never a throw. A mount that throws is crashed: the VFS root restarts it and answers the
 * requests it had in hand with {@link FsError.Io}. A read-only mount answers {@link Write}, {@link
 * Delete} and {@link MakeDir} with {@link FsError.ReadOnly}.
 */
public final class FsProtocol {
    /**
     * The most bytes one {@link Read} returns: a whole read of a larger file is refused (read it in
     * ranges).
     */
    public static final int MAX_READ_BYTES = 16 << 20;

    private FsProtocol() {}

    public sealed interface Request {}

    /** What is at {@code path}: a file and its size, or a directory. */
    public record Stat(FsPath path, ActorRef<StatReply> replyTo) implements Request {}

    /** The names in the directory {@code path}, sorted. */
    public record ReadDir(FsPath path, ActorRef<ReadDirReply> replyTo) implements Request {}

    /**
     * Up to {@code length} bytes of the file from {@code offset} ({@link #WHOLE}: to its end);
     * fewer near the end, none at or past it, as pread gives.
     */
    public record Read(FsPath path, long offset, int length, ActorRef<ReadReply> replyTo)
            implements Request {
        public static final int WHOLE = -1;

        public static Read whole(FsPath path, ActorRef<ReadReply> replyTo) {
            return new Read(path, 0, WHOLE, replyTo);
        }
    }

    /** Creates or replaces the whole file at {@code path}; the array is copied on the way in. */
    public record Write(FsPath path, byte[] data, ActorRef<ChangeReply> replyTo)
            implements Request {
        public Write {
            data = data.clone();
        }
    }

    /** Removes the file, or the empty directory, at {@code path}. */
    public record Delete(FsPath path, ActorRef<ChangeReply> replyTo) implements Request {}

    /**
     * Makes the empty directory {@code path}; its parents are made too where the layer implies
     * them.
     */
    public record MakeDir(FsPath path, ActorRef<ChangeReply> replyTo) implements Request {}

    /** The mount's backing store in one line, and why it cannot serve if it cannot. */
    public record Describe(ActorRef<Description> replyTo) implements Request {}

    public sealed interface Reply permits StatReply, ReadDirReply, ReadReply, ChangeReply {}

    public sealed interface StatReply extends Reply permits StatOk, Failed {}

    public sealed interface ReadDirReply extends Reply permits ReadDirOk, Failed {}

    public sealed interface ReadReply extends Reply permits ReadOk, Failed {}

    public sealed interface ChangeReply extends Reply permits Done, Failed {}

    public record StatOk(FsEntry entry) implements StatReply {}

    /**
     * @param unlisted from the union: the layers set up but down ({@link FsError.Unavailable}
     *     configured), whose names may be missing from {@code entries}; a layer the board does not
     *     have is not among them
     */
    public record ReadDirOk(List<FsEntry> entries, List<FsError.Unavailable> unlisted)
            implements ReadDirReply {
        public ReadDirOk {
            entries = List.copyOf(entries);
            unlisted = List.copyOf(unlisted);
        }

        /** A listing with every layer's names. */
        public ReadDirOk(List<FsEntry> entries) {
            this(entries, List.of());
        }
    }

    /**
     * @param size the file's whole size, so that a reader in ranges knows where it ends
     */
    public record ReadOk(byte[] data, long size) implements ReadReply {}

    public record Done() implements ChangeReply {}

    public record Failed(FsError error) implements StatReply, ReadDirReply, ReadReply, ChangeReply {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * @param source the backing store, e.g. "core image version 3 (12 files, 80 KiB) in slot A"
     * @param problem why the mount cannot serve now, or "" when it can
     */
    public record Description(String source, String problem) {}

    /**
     * Answers {@code request} with {@code error}; a {@link Describe} gets the error as its problem.
     */
    public static void fail(Request request, FsError error) {
        var failed = new Failed(error);
        switch (request) {
            case Stat s -> s.replyTo().tell(failed);
            case ReadDir d -> d.replyTo().tell(failed);
            case Read r -> r.replyTo().tell(failed);
            case Write w -> w.replyTo().tell(failed);
            case Delete d -> d.replyTo().tell(failed);
            case MakeDir m -> m.replyTo().tell(failed);
            case Describe d -> d.replyTo().tell(new Description("-", error.message()));
        }
    }

    /** The path {@code request} is about; the root for a {@link Describe}. */
    public static FsPath path(Request request) {
        return switch (request) {
            case Stat s -> s.path();
            case ReadDir d -> d.path();
            case Read r -> r.path();
            case Write w -> w.path();
            case Delete d -> d.path();
            case MakeDir m -> m.path();
            case Describe d -> FsPath.ROOT;
        };
    }

    /**
     * Where a {@link Read} of a file of {@code size} bytes starts: its offset, or the end of the
     * file.
     */
    public static long start(Read r, long size) {
        return Math.min(r.offset(), size);
    }

    /** How many bytes a {@link Read} of a file of {@code size} bytes returns. */
    public static long count(Read r, long size) {
        long from = start(r, size);
        return r.length() == Read.WHOLE ? size - from : Math.min(r.length(), size - from);
    }

    /** Why a {@link Read} of a file of {@code size} bytes cannot be served, or null when it can. */
    public static Failed refusal(Read r, long size) {
        if (r.offset() < 0 || r.length() < Read.WHOLE) {
            return new Failed(
                    new FsError.InvalidArgument(
                            "read of "
                                    + r.path()
                                    + ": offset "
                                    + r.offset()
                                    + " and length "
                                    + r.length()
                                    + " (the offset must be >= 0, the length >= 0, or -1 for the"
                                    + " whole file)"));
        }
        if (count(r, size) > MAX_READ_BYTES) {
            return new Failed(
                    new FsError.InvalidArgument(
                            r.path()
                                    + " is "
                                    + size
                                    + " bytes; one read returns at most "
                                    + MAX_READ_BYTES
                                    + ": read it in ranges"));
        }
        return null;
    }
}
