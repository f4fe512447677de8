package honk.wasm.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

import honk.storage.fs.FsEntry;
import honk.storage.fs.FsPath;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * honk's WASI preview 1 ({@code wasi_snapshot_preview1}): every function of the spec, each gated by
 * the instance's {@link Grants}. A call without its grant answers the errno a program expects
 * ({@link Errno#BADF} for a descriptor it was not given, {@link Errno#NOTCAPABLE} otherwise); a
 * function honk does not implement answers {@link Errno#NOSYS}; a pointer outside linear memory
 * answers {@link Errno#FAULT}. Nothing here throws at the module except {@code proc_exit} ({@link
 * WasiExit}) and a kill. One instance per module instance, used on its thread only.
 *
 * <p>The table below is shaped by the spec (witx order, one entry per function), so it is long.
 */
public final class Wasi {
    public static final String MODULE = "wasi_snapshot_preview1";

    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int FILETYPE_CHARACTER_DEVICE = 2;
    private static final long RIGHTS_ALL = 0x1FFFFFFFL;

    @FunctionalInterface
    private interface Call {
        int apply(Memory m, long[] a) throws InterruptedException;
    }

    private final Grants grants;
    private final Stdin stdin;
    private final ConsoleOut stdout;
    private final ConsoleOut stderr;
    private final Files files;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HostFunction> functions = new LinkedHashMap<>();

    public Wasi(Grants grants, Stdin stdin) {
        this.grants = grants;
        this.stdin = stdin;
        this.stdout = grants.console() == null ? null : new ConsoleOut(grants.console());
        this.stderr = grants.console() == null ? null : new ConsoleOut(grants.console());
        this.files = new Files(grants.files());
        define();
    }

    /** The host functions, to link a module against. */
    public List<ImportFunction> functions() {
        return List.copyOf(functions.values());
    }

    /** Whether honk provides {@code name} (for the import check before instantiation). */
    public static boolean provides(String name) {
        return SIGNATURES.containsKey(name);
    }

    /** The declared type of {@code name}, e.g. {@code (i32, i64, i32) -> i32}. */
    public static FunctionType type(String name) {
        String sig = SIGNATURES.get(name);
        var params = new ArrayList<ValType>();
        for (char c : sig.substring(0, sig.indexOf('>')).toCharArray()) {
            params.add(c == 'I' ? ValType.I64 : ValType.I32);
        }
        return FunctionType.of(params, sig.endsWith(">") ? List.of() : List.of(ValType.I32));
    }

    /** Prints unfinished lines and writes back open files: the module has ended. */
    public void finish() {
        if (stdout != null) {
            stdout.flush();
            stderr.flush();
        }
        try {
            files.closeAll();
        } catch (ChicoryInterruptedException e) {
            // killed: files still open are not written back (a kill is brutal, as on Unix for
            // unflushed buffers)
        }
    }

    /** Parameters by letter (i = i32, I = i64), then '>' and the result (i32, or none). */
    private static final Map<String, String> SIGNATURES = new LinkedHashMap<>();

    static {
        String table =
                """
                args_get ii>i  args_sizes_get ii>i  environ_get ii>i  environ_sizes_get ii>i
                clock_res_get ii>i  clock_time_get iIi>i  fd_advise iIIi>i  fd_allocate iII>i  fd_close i>i
                fd_datasync i>i  fd_fdstat_get ii>i  fd_fdstat_set_flags ii>i  fd_fdstat_set_rights iII>i
                fd_filestat_get ii>i  fd_filestat_set_size iI>i  fd_filestat_set_times iIIi>i  fd_pread iiiIi>i
                fd_prestat_get ii>i  fd_prestat_dir_name iii>i  fd_pwrite iiiIi>i  fd_read iiii>i
                fd_readdir iiiIi>i  fd_renumber ii>i  fd_seek iIii>i  fd_sync i>i  fd_tell ii>i  fd_write iiii>i
                path_create_directory iii>i  path_filestat_get iiiii>i  path_filestat_set_times iiiiIIi>i
                path_link iiiiiii>i  path_open iiiiiIIii>i  path_readlink iiiiii>i  path_remove_directory iii>i
                path_rename iiiiii>i  path_symlink iiiii>i  path_unlink_file iii>i  poll_oneoff iiii>i
                proc_exit i>  proc_raise i>i  sched_yield >i  random_get ii>i  sock_accept iii>i
                sock_recv iiiiii>i  sock_send iiiii>i  sock_shutdown ii>i\
                """;
        String[] words = table.trim().split("\\s+");
        for (int i = 0; i < words.length; i += 2) {
            SIGNATURES.put(words[i], words[i + 1]);
        }
    }

    private void define() {
        for (String name : SIGNATURES.keySet()) {
            on(name, (m, a) -> Errno.NOSYS); // replaced below for what honk implements
        }
        on(
                "args_get",
                (m, a) ->
                        grants.args() == null
                                ? Errno.NOTCAPABLE
                                : strings(m, grants.args(), a[0], a[1]));
        on(
                "args_sizes_get",
                (m, a) ->
                        grants.args() == null
                                ? Errno.NOTCAPABLE
                                : sizes(m, grants.args(), a[0], a[1]));
        on(
                "environ_get",
                (m, a) ->
                        grants.env() == null
                                ? Errno.NOTCAPABLE
                                : strings(m, environ(), a[0], a[1]));
        on(
                "environ_sizes_get",
                (m, a) ->
                        grants.env() == null ? Errno.NOTCAPABLE : sizes(m, environ(), a[0], a[1]));
        on("clock_res_get", (m, a) -> clock(m, (int) a[0], a[1], true));
        on("clock_time_get", (m, a) -> clock(m, (int) a[0], a[2], false));
        on("random_get", this::randomGet);
        on(
                "sched_yield",
                (m, a) -> {
                    Thread.yield();
                    return Errno.SUCCESS;
                });
        on(
                "proc_exit",
                (m, a) -> {
                    throw new WasiExit((int) a[0]);
                });
        on("fd_write", (m, a) -> fdWrite(m, (int) a[0], a[1], (int) a[2], a[3], -1));
        on("fd_pwrite", (m, a) -> fdWrite(m, (int) a[0], a[1], (int) a[2], a[4], a[3]));
        on("fd_read", (m, a) -> fdRead(m, (int) a[0], a[1], (int) a[2], a[3], -1));
        on("fd_pread", (m, a) -> fdRead(m, (int) a[0], a[1], (int) a[2], a[4], a[3]));
        on("fd_close", (m, a) -> isStdio((int) a[0]) ? Errno.SUCCESS : files.close((int) a[0]));
        on("fd_sync", (m, a) -> fdSync((int) a[0]));
        on("fd_datasync", (m, a) -> fdSync((int) a[0]));
        on("fd_seek", (m, a) -> fdSeek(m, (int) a[0], a[1], (int) a[2], a[3]));
        on("fd_tell", (m, a) -> fdSeek(m, (int) a[0], 0, 1, a[1]));
        on("fd_fdstat_get", (m, a) -> fdstat(m, (int) a[0], a[1]));
        on("fd_fdstat_set_flags", (m, a) -> known((int) a[0]) ? Errno.NOTSUP : Errno.BADF);
        on("fd_filestat_get", (m, a) -> fdFilestat(m, (int) a[0], a[1]));
        on("fd_prestat_get", (m, a) -> prestat(m, (int) a[0], a[1]));
        on("fd_prestat_dir_name", (m, a) -> prestatName(m, (int) a[0], a[1], (int) a[2]));
        on("fd_readdir", (m, a) -> readdir(m, (int) a[0], a[1], (int) a[2], a[3], a[4]));
        on("path_open", (m, a) -> pathOpen(m, a));
        on("path_filestat_get", (m, a) -> pathFilestat(m, (int) a[0], a[2], (int) a[3], a[4]));
        on("path_unlink_file", (m, a) -> pathUnlink(m, (int) a[0], a[1], (int) a[2]));
        on(
                "path_create_directory",
                (m, a) -> files.get((int) a[0]) instanceof Files.Dir ? Errno.NOTSUP : Errno.BADF);
    }

    private void on(String name, Call call) {
        functions.put(
                name,
                new HostFunction(
                        MODULE,
                        name,
                        type(name),
                        (Instance instance, long... args) -> {
                            int errno;
                            try {
                                errno = call.apply(instance.memory(), args);
                            } catch (WasmRuntimeException | IndexOutOfBoundsException e) {
                                errno = Errno.FAULT; // a pointer or length outside linear memory
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new ChicoryInterruptedException("interrupted in " + name);
                            }
                            return SIGNATURES.get(name).endsWith(">") ? null : new long[] {errno};
                        }));
    }

    // ---- args, environment, clocks, random

    private List<String> environ() {
        return grants.env().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }

    private static int sizes(Memory m, List<String> strings, long countPtr, long bytesPtr) {
        int bytes = 0;
        for (String s : strings) {
            bytes += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        m.writeI32((int) countPtr, strings.size());
        m.writeI32((int) bytesPtr, bytes);
        return Errno.SUCCESS;
    }

    private static int strings(Memory m, List<String> strings, long pointers, long buffer) {
        int at = (int) buffer;
        for (int i = 0; i < strings.size(); i++) {
            byte[] b = strings.get(i).getBytes(StandardCharsets.UTF_8);
            m.writeI32((int) pointers + 4 * i, at);
            m.write(at, b);
            m.writeByte(at + b.length, (byte) 0);
            at += b.length + 1;
        }
        return Errno.SUCCESS;
    }

    private int clock(Memory m, int id, long out, boolean resolution) {
        if (!grants.clock()) {
            return Errno.NOTCAPABLE;
        }
        long value;
        if (id == CLOCK_REALTIME) {
            var now = java.time.Instant.now();
            value = resolution ? 1_000L : now.getEpochSecond() * 1_000_000_000L + now.getNano();
        } else if (id == CLOCK_MONOTONIC) {
            value = resolution ? 1L : System.nanoTime();
        } else {
            return Errno.INVAL; // the process and thread CPU-time clocks are not offered
        }
        m.writeLong((int) out, value);
        return Errno.SUCCESS;
    }

    private int randomGet(Memory m, long[] a) {
        if (!grants.random()) {
            return Errno.NOTCAPABLE;
        }
        byte[] bytes = new byte[(int) a[1]];
        random.nextBytes(bytes);
        m.write((int) a[0], bytes);
        return Errno.SUCCESS;
    }

    // ---- descriptors

    private boolean isStdio(int fd) {
        return fd >= 0 && fd <= 2 && stdout != null;
    }

    private boolean known(int fd) {
        return isStdio(fd) || files.get(fd) != null;
    }

    private int fdWrite(Memory m, int fd, long iovs, int count, long writtenPtr, long offset) {
        byte[] bytes = gather(m, iovs, count);
        int errno;
        if ((fd == 1 || fd == 2) && stdout != null) {
            errno = offset >= 0 ? Errno.SPIPE : Errno.SUCCESS;
            if (errno == Errno.SUCCESS) {
                (fd == 1 ? stdout : stderr).write(bytes);
            }
        } else if (files.get(fd) instanceof Files.OpenFile f) {
            errno = !f.writable ? Errno.BADF : files.write(f, offset >= 0 ? offset : f.pos, bytes);
            if (errno == Errno.SUCCESS && offset < 0 && !f.append) {
                f.pos += bytes.length;
            }
        } else {
            errno = files.get(fd) instanceof Files.Dir ? Errno.ISDIR : Errno.BADF;
        }
        if (errno == Errno.SUCCESS) {
            m.writeI32((int) writtenPtr, bytes.length);
        }
        return errno;
    }

    private static byte[] gather(Memory m, long iovs, int count) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int buf = m.readInt((int) iovs + 8 * i);
            int len = m.readInt((int) iovs + 8 * i + 4);
            out.writeBytes(m.readBytes(buf, len));
        }
        return out.toByteArray();
    }

    private int fdRead(Memory m, int fd, long iovs, int count, long readPtr, long offset)
            throws InterruptedException {
        int total = 0;
        for (int i = 0; i < count; i++) {
            int buf = m.readInt((int) iovs + 8 * i);
            int len = m.readInt((int) iovs + 8 * i + 4);
            byte[] got;
            if (fd == 0 && stdout != null) {
                if (offset >= 0) {
                    return Errno.SPIPE;
                }
                got = stdin.read(len);
            } else if (files.get(fd) instanceof Files.OpenFile f && f.readable) {
                var r = files.read(f, offset >= 0 ? offset + total : f.pos, len);
                if (r.failed()) {
                    return r.errno();
                }
                got = r.value();
                if (offset < 0) {
                    f.pos += got.length;
                }
            } else {
                return files.get(fd) instanceof Files.Dir ? Errno.ISDIR : Errno.BADF;
            }
            m.write(buf, got);
            total += got.length;
            if (got.length < len) {
                break; // a short read: what there is now
            }
        }
        m.writeI32((int) readPtr, total);
        return Errno.SUCCESS;
    }

    private int fdSync(int fd) {
        if (isStdio(fd)) {
            return Errno.SUCCESS;
        }
        return switch (files.get(fd)) {
            case Files.OpenFile f -> files.sync(f);
            case Files.Dir d -> Errno.SUCCESS;
            case null -> Errno.BADF;
        };
    }

    private int fdSeek(Memory m, int fd, long offset, int whence, long outPtr) {
        if (isStdio(fd)) {
            return Errno.SPIPE;
        }
        if (!(files.get(fd) instanceof Files.OpenFile f)) {
            return files.get(fd) == null ? Errno.BADF : Errno.ISDIR;
        }
        long base;
        switch (whence) {
            case 0 -> base = 0;
            case 1 -> base = f.pos;
            case 2 -> {
                var size = files.size(f);
                if (size.failed()) {
                    return size.errno();
                }
                base = size.value();
            }
            default -> {
                return Errno.INVAL;
            }
        }
        if (base + offset < 0) {
            return Errno.INVAL;
        }
        f.pos = base + offset;
        m.writeLong((int) outPtr, f.pos);
        return Errno.SUCCESS;
    }

    /** fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16. */
    private int fdstat(Memory m, int fd, long out) {
        int type;
        int flags = 0;
        if (isStdio(fd)) {
            type = FILETYPE_CHARACTER_DEVICE;
        } else {
            switch (files.get(fd)) {
                case Files.Dir d -> type = Files.FILETYPE_DIRECTORY;
                case Files.OpenFile f -> {
                    type = Files.FILETYPE_REGULAR;
                    flags = f.append ? 1 : 0;
                }
                case null -> {
                    return Errno.BADF;
                }
            }
        }
        m.writeByte((int) out, (byte) type);
        m.writeShort((int) out + 2, (short) flags);
        m.writeLong((int) out + 8, RIGHTS_ALL);
        m.writeLong((int) out + 16, RIGHTS_ALL);
        return Errno.SUCCESS;
    }

    /**
     * filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56.
     */
    private static void filestat(Memory m, long out, int type, long size) {
        m.fill((byte) 0, (int) out, (int) out + 64);
        m.writeByte((int) out + 16, (byte) type);
        m.writeLong((int) out + 24, 1);
        m.writeLong((int) out + 32, size);
    }

    private int fdFilestat(Memory m, int fd, long out) {
        if (isStdio(fd)) {
            filestat(m, out, FILETYPE_CHARACTER_DEVICE, 0);
            return Errno.SUCCESS;
        }
        switch (files.get(fd)) {
            case Files.Dir d -> filestat(m, out, Files.FILETYPE_DIRECTORY, 0);
            case Files.OpenFile f -> {
                var size = files.size(f);
                if (size.failed()) {
                    return size.errno();
                }
                filestat(m, out, Files.FILETYPE_REGULAR, size.value());
            }
            case null -> {
                return Errno.BADF;
            }
        }
        return Errno.SUCCESS;
    }

    /** prestat: tag u8 @0 (0 = dir), name length u32 @4. */
    private int prestat(Memory m, int fd, long out) {
        String name = files.preopenName(fd);
        if (name == null) {
            return Errno.BADF;
        }
        m.writeByte((int) out, (byte) 0);
        m.writeI32((int) out + 4, name.getBytes(StandardCharsets.UTF_8).length);
        return Errno.SUCCESS;
    }

    private int prestatName(Memory m, int fd, long buf, int len) {
        String name = files.preopenName(fd);
        if (name == null) {
            return Errno.BADF;
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (len < b.length) {
            return Errno.INVAL;
        }
        m.write((int) buf, b);
        return Errno.SUCCESS;
    }

    /**
     * dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20, then the name;
     * truncated at the buffer's end.
     */
    private int readdir(Memory m, int fd, long buf, int len, long cookie, long usedPtr) {
        if (!(files.get(fd) instanceof Files.Dir dir)) {
            return files.get(fd) == null ? Errno.BADF : Errno.NOTDIR;
        }
        var listing = files.list(dir.path());
        if (listing.failed()) {
            return listing.errno();
        }
        var out = new ByteArrayOutputStream();
        List<FsEntry> entries = listing.value();
        for (int i = (int) cookie; i < entries.size() && out.size() < len; i++) {
            FsEntry e = entries.get(i);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            var head = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            head.putLong(i + 1)
                    .putLong(i + 1)
                    .putInt(name.length)
                    .put(
                            (byte)
                                    (e.isDirectory()
                                            ? Files.FILETYPE_DIRECTORY
                                            : Files.FILETYPE_REGULAR));
            out.writeBytes(head.array());
            out.writeBytes(name);
        }
        byte[] bytes = out.toByteArray();
        int n = Math.min(len, bytes.length);
        m.write((int) buf, bytes, 0, n);
        m.writeI32((int) usedPtr, n);
        return Errno.SUCCESS;
    }

    // ---- paths

    private Files.Result<FsPath> path(Memory m, int dirFd, long ptr, int len) {
        return files.resolve(dirFd, m.readString((int) ptr, len));
    }

    /**
     * path_open(dirfd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags,
     * fd_out).
     */
    private int pathOpen(Memory m, long[] a) {
        var path = path(m, (int) a[0], a[2], (int) a[3]);
        if (path.failed()) {
            return path.errno();
        }
        long rights = a[5];
        boolean read =
                (rights & (1L << 1)) != 0 || (rights & (1L << 14)) != 0; // fd_read, fd_readdir
        boolean write = (rights & (1L << 6)) != 0; // fd_write
        boolean append = (a[7] & 1) != 0;
        var fd = files.open(path.value(), (int) a[4], read, write || append, append);
        if (fd.failed()) {
            return fd.errno();
        }
        m.writeI32((int) a[8], fd.value());
        return Errno.SUCCESS;
    }

    private int pathFilestat(Memory m, int dirFd, long ptr, int len, long out) {
        var path = path(m, dirFd, ptr, len);
        if (path.failed()) {
            return path.errno();
        }
        var st = files.stat(path.value());
        if (st.failed()) {
            return st.errno();
        }
        filestat(
                m,
                out,
                st.value().isDirectory() ? Files.FILETYPE_DIRECTORY : Files.FILETYPE_REGULAR,
                st.value().size());
        return Errno.SUCCESS;
    }

    private int pathUnlink(Memory m, int dirFd, long ptr, int len) {
        var path = path(m, dirFd, ptr, len);
        return path.failed() ? path.errno() : files.unlink(path.value());
    }
}
