package honk.wasm.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

import honk.storage.fs.FilesCapability;
import honk.storage.fs.FsEntry;
import honk.storage.fs.FsError;
import honk.storage.fs.FsPath;
import honk.storage.fs.FsProtocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A module's descriptors above stdio: the preopened directory (fd 3, the scope of its {@code files}
 * capability) and what it opens below it. Every access goes through that {@link FilesCapability},
 * so a module reaches exactly the part of the filesystem actor tree it was granted, read-only if
 * the grant is. A path that climbs out of its directory is {@link Errno#NOTCAPABLE}; a write
 * through a read-only grant is {@link Errno#ACCES}.
 *
 * <p>A file opened for writing is edited in memory and written back whole (the filesystem's unit)
 * at {@code fd_sync}, {@code fd_close} and the module's end. Confined to the module's thread; each
 * call waits for the filesystem's answer (interruptibly: a kill ends the wait).
 */
final class Files {
    static final int PREOPEN_FD = 3;

    /** How long one filesystem request may take before the call fails with EIO. */
    private static final long ASK_SECONDS = 30;

    static final int FILETYPE_DIRECTORY = 3;
    static final int FILETYPE_REGULAR = 4;

    sealed interface Entry {}

    record Dir(FsPath path) implements Entry {}

    static final class OpenFile implements Entry {
        final FsPath path;
        final boolean readable;
        final boolean writable;
        final boolean append;
        long pos;
        byte[] data; // the whole file while it is being written; null for a file only read
        int length; // the bytes of data in use
        boolean dirty;

        OpenFile(FsPath path, boolean readable, boolean writable, boolean append) {
            this.path = path;
            this.readable = readable;
            this.writable = writable;
            this.append = append;
        }
    }

    /** A result or an errno. */
    record Result<T>(T value, int errno) {
        static <T> Result<T> ok(T value) {
            return new Result<>(value, Errno.SUCCESS);
        }

        static <T> Result<T> fail(int errno) {
            return new Result<>(null, errno);
        }

        boolean failed() {
            return errno != Errno.SUCCESS;
        }
    }

    private final FilesCapability files; // null: nothing granted
    private final Map<Integer, Entry> fds = new HashMap<>();
    private int nextFd = PREOPEN_FD + 1;

    Files(FilesCapability files) {
        this.files = files;
        if (files != null) {
            fds.put(PREOPEN_FD, new Dir(files.scope()));
        }
    }

    Entry get(int fd) {
        return fds.get(fd);
    }

    /** The preopened directory's name as the module sees it ("/" or the scope, e.g. "/data"). */
    String preopenName(int fd) {
        return fd == PREOPEN_FD && files != null ? files.scope().toString() : null;
    }

    /** {@code relative} from the directory {@code dirFd}, or NOTCAPABLE if it climbs out of it. */
    Result<FsPath> resolve(int dirFd, String relative) {
        if (!(fds.get(dirFd) instanceof Dir dir)) {
            return Result.fail(fds.containsKey(dirFd) ? Errno.NOTDIR : Errno.BADF);
        }
        if (relative.startsWith("/")) {
            return Result.fail(Errno.NOTCAPABLE);
        }
        var segments = new ArrayList<String>();
        for (String s : relative.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return Result.fail(Errno.NOTCAPABLE);
                }
                segments.removeLast();
            } else {
                segments.add(s);
            }
        }
        FsPath path = dir.path();
        try {
            for (String s : segments) {
                path = path.resolve(s);
            }
        } catch (IllegalArgumentException e) {
            return Result.fail(Errno.INVAL);
        }
        return Result.ok(path);
    }

    Result<FsEntry> stat(FsPath path) {
        return switch (await(files.stat(path.toString()))) {
            case FsProtocol.StatOk ok -> Result.ok(ok.entry());
            case FsProtocol.Failed f -> Result.fail(errno(f.error()));
        };
    }

    Result<List<FsEntry>> list(FsPath path) {
        return switch (await(files.list(path.toString()))) {
            case FsProtocol.ReadDirOk ok -> Result.ok(ok.entries());
            case FsProtocol.Failed f -> Result.fail(errno(f.error()));
        };
    }

    /** path_open: oflags CREAT 1, DIRECTORY 2, EXCL 4, TRUNC 8; fdflags APPEND 1. */
    Result<Integer> open(FsPath path, int oflags, boolean read, boolean write, boolean append) {
        boolean create = (oflags & 1) != 0;
        boolean truncate = (oflags & 8) != 0;
        boolean changes = write || create || truncate;
        if (changes && !files.writable()) {
            return Result.fail(Errno.ACCES);
        }
        Result<FsEntry> st = stat(path);
        if (st.failed() && !(st.errno() == Errno.NOENT && create)) {
            return Result.fail(st.errno());
        }
        if (!st.failed() && (oflags & 4) != 0 && create) {
            return Result.fail(Errno.EXIST);
        }
        if (!st.failed() && st.value().isDirectory()) {
            return changes ? Result.fail(Errno.ISDIR) : Result.ok(add(new Dir(path)));
        }
        if ((oflags & 2) != 0) {
            return Result.fail(Errno.NOTDIR);
        }
        var file = new OpenFile(path, read, write, append);
        if (st.failed() || truncate) {
            file.data = new byte[0];
            file.dirty = true;
        }
        return Result.ok(add(file));
    }

    private int add(Entry e) {
        int fd = nextFd++;
        fds.put(fd, e);
        return fd;
    }

    Result<byte[]> read(OpenFile f, long offset, int max) {
        if (f.data != null) {
            int from = (int) Math.min(offset, f.length);
            return Result.ok(
                    Arrays.copyOfRange(f.data, from, (int) Math.min(f.length, from + (long) max)));
        }
        return switch (await(files.read(f.path.toString(), offset, max))) {
            case FsProtocol.ReadOk ok -> Result.ok(ok.data());
            case FsProtocol.Failed fail -> Result.fail(errno(fail.error()));
        };
    }

    /** Writes into the file's in-memory copy at {@code offset} (its end when appending). */
    int write(OpenFile f, long offset, byte[] bytes) {
        int loaded = load(f);
        if (loaded != Errno.SUCCESS) {
            return loaded;
        }
        long at = f.append ? f.length : offset;
        long end = at + bytes.length;
        if (end > FsProtocol.MAX_READ_BYTES) {
            return Errno.NOTSUP; // beyond what the filesystem reads back in one piece
        }
        if (end > f.data.length) {
            f.data = Arrays.copyOf(f.data, (int) Math.max(end, f.data.length * 2L));
        }
        System.arraycopy(bytes, 0, f.data, (int) at, bytes.length);
        f.length = (int) Math.max(f.length, end);
        f.dirty = true;
        if (f.append) {
            f.pos = f.length;
        }
        return Errno.SUCCESS;
    }

    private int load(OpenFile f) {
        if (f.data != null) {
            return Errno.SUCCESS;
        }
        return switch (await(files.read(f.path.toString()))) {
            case FsProtocol.ReadOk ok -> {
                f.data = ok.data();
                f.length = ok.data().length;
                yield Errno.SUCCESS;
            }
            case FsProtocol.Failed fail -> errno(fail.error());
        };
    }

    /** The file's size: its in-memory copy's, or the filesystem's. */
    Result<Long> size(OpenFile f) {
        if (f.data != null) {
            return Result.ok((long) f.length);
        }
        Result<FsEntry> st = stat(f.path);
        return st.failed() ? Result.fail(st.errno()) : Result.ok(st.value().size());
    }

    int sync(OpenFile f) {
        if (!f.dirty) {
            return Errno.SUCCESS;
        }
        return switch (await(files.write(f.path.toString(), Arrays.copyOf(f.data, f.length)))) {
            case FsProtocol.Done d -> {
                f.dirty = false;
                yield Errno.SUCCESS;
            }
            case FsProtocol.Failed fail -> errno(fail.error());
        };
    }

    int close(int fd) {
        Entry e = fds.get(fd);
        if (e == null) {
            return Errno.BADF;
        }
        int result = e instanceof OpenFile f ? sync(f) : Errno.SUCCESS;
        fds.remove(fd);
        return result;
    }

    int unlink(FsPath path) {
        if (!files.writable()) {
            return Errno.ACCES;
        }
        return switch (await(files.delete(path.toString()))) {
            case FsProtocol.Done d -> Errno.SUCCESS;
            case FsProtocol.Failed fail -> errno(fail.error());
        };
    }

    /** Writes back every file still open: the module has ended. */
    void closeAll() {
        for (Entry e : List.copyOf(fds.values())) {
            if (e instanceof OpenFile f) {
                sync(f);
            }
        }
    }

    static int errno(FsError error) {
        return switch (error) {
            case FsError.NotFound n -> Errno.NOENT;
            case FsError.NotADirectory n -> Errno.NOTDIR;
            case FsError.IsADirectory d -> Errno.ISDIR;
            case FsError.Exists x -> Errno.EXIST;
            case FsError.NotEmpty x -> Errno.NOTEMPTY;
            case FsError.ReadOnly r -> Errno.ACCES;
            case FsError.PermissionDenied p -> Errno.ACCES;
            case FsError.InvalidPath p -> Errno.INVAL;
            case FsError.InvalidArgument a -> Errno.INVAL;
            case FsError.Unavailable u -> Errno.IO;
            case FsError.Io io -> Errno.IO;
        };
    }

    /** The filesystem's answer, on this (the module's) thread; a kill interrupts the wait. */
    private static <R extends FsProtocol.Reply> R await(CompletionStage<R> stage) {
        try {
            return stage.toCompletableFuture().get(ASK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("interrupted in a filesystem call");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why =
                    e instanceof TimeoutException
                            ? "in " + ASK_SECONDS + " s"
                            : cause.getMessage() == null
                                    ? cause.getClass().getSimpleName()
                                    : cause.getMessage();
            @SuppressWarnings("unchecked")
            R failed =
                    (R)
                            new FsProtocol.Failed(
                                    new FsError.Io("the filesystem did not answer: " + why));
            return failed;
        }
    }
}
