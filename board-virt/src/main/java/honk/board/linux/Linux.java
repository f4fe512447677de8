package honk.board.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Every downcall honk makes into the C library, in one place (Netty's {@code Native}): the handles
 * are bound once, and errno is captured on every call and mapped to {@link NativeIoException}
 * here and nowhere else. Linux only; {@link #isAvailable()} says whether the bindings loaded and
 * {@link #unavailabilityCause()} why not.
 */
public final class Linux {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET =
            Linker.Option.captureStateLayout().byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SCHED_GETCPU;
    private static final MethodHandle MOUNT;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle SYSCALL3;
    private static final MethodHandle REBOOT;
    private static final MethodHandle SYNC;
    private static final MethodHandle STRERROR;
    private static final MethodHandle MMAP;
    private static final Throwable UNAVAILABLE;

    /** riscv64 (asm-generic) syscall number of finit_module(2); glibc has no wrapper for it. */
    static final long SYS_FINIT_MODULE = 273;
    /** reboot(2) command: power the machine off (linux/reboot.h). */
    static final int LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_SYNC = 0x101000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    static {
        MethodHandle[] h = new MethodHandle[9];
        Throwable cause = null;
        try {
            h[0] = bind("sched_getcpu", FunctionDescriptor.of(ValueLayout.JAVA_INT), false);
            h[1] = bind("mount", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), true);
            h[2] = bind("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), true);
            h[3] = bind("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), true);
            h[4] = LINKER.downcallHandle(find("syscall"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(1), ERRNO);
            h[5] = bind("reboot", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), true);
            h[6] = bind("sync", FunctionDescriptor.ofVoid(), false);
            h[7] = bind("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT), false);
            h[8] = bind("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), true);
        } catch (Throwable t) {
            cause = t;
        }
        SCHED_GETCPU = h[0];
        MOUNT = h[1];
        OPEN = h[2];
        CLOSE = h[3];
        SYSCALL3 = h[4];
        REBOOT = h[5];
        SYNC = h[6];
        STRERROR = h[7];
        MMAP = h[8];
        UNAVAILABLE = cause;
    }

    private static MemorySegment find(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError(name + " not found in the C library"));
    }

    private static MethodHandle bind(String name, FunctionDescriptor fd, boolean errno) {
        return errno ? LINKER.downcallHandle(find(name), fd, ERRNO) : LINKER.downcallHandle(find(name), fd);
    }

    private static void require() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("native calls are unavailable: " + UNAVAILABLE, UNAVAILABLE);
        }
    }

    /** Maps a failed call's errno to an exception, in this one place. */
    private static NativeIoException failure(String call, MemorySegment state) {
        int errno = errno(state);
        return new NativeIoException(call, errno, strerror(errno));
    }

    public static String strerror(int errno) {
        try {
            // SAFETY: strerror returns a pointer to a NUL-terminated static string; 256 bytes
            // bound the read and the text is copied out at once.
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** mount(2). */
    public static void mount(String source, String target, String fstype, long flags) {
        require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) MOUNT.invokeExact(state, arena.allocateFrom(source), arena.allocateFrom(target),
                    arena.allocateFrom(fstype), flags, MemorySegment.NULL);
            if (rc != 0) {
                throw failure("mount(" + target + ")", state);
            }
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mount downcall failed", t);
        }
    }

    /** open(2); the caller closes the descriptor. */
    public static int open(String path, int flags) {
        require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags);
            if (fd < 0) {
                throw failure("open(" + path + ")", state);
            }
            return fd;
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open downcall failed", t);
        }
    }

    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            // close of a descriptor we opened cannot meaningfully fail here
        }
    }

    /** finit_module(2) on an open module file. EEXIST (already loaded) is reported like any errno. */
    public static void finitModule(int fd, String name) {
        require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            long rc = (long) SYSCALL3.invokeExact(state, SYS_FINIT_MODULE, fd, arena.allocateFrom(""), 0);
            if (rc != 0) {
                throw failure("finit_module(" + name + ")", state);
            }
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("finit_module downcall failed", t);
        }
    }

    /** sync(2) then reboot(2) with POWER_OFF. Returns only if the kernel refused. */
    public static void powerOff() {
        require();
        try (Arena arena = Arena.ofConfined()) {
            SYNC.invokeExact();
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) REBOOT.invokeExact(state, LINUX_REBOOT_CMD_POWER_OFF);
            throw failure("reboot(POWER_OFF)", state);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reboot downcall failed", t);
        }
    }

    /**
     * mmap(2) of {@code length} bytes of {@code fd} at offset 0, shared, read-write. The mapping is
     * never unmapped: it is for device registers that live as long as honk.
     */
    public static MemorySegment mapShared(int fd, long length) {
        require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment p = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length,
                    PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0L);
            if (p.address() == -1L) {
                throw failure("mmap", state);
            }
            // SAFETY: the kernel just mapped exactly `length` bytes at this address, shared and
            // read-write, and it stays mapped for the life of the process (never unmapped).
            return p.reinterpret(length);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
    }

    private Linux() {}

    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why the bindings did not load, or null when they did. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABLE;
    }

    /** The CPU (hart) the calling thread runs on, or -1 when the kernel cannot say. */
    public static int schedGetcpu() {
        if (SCHED_GETCPU == null) {
            return -1;
        }
        try {
            return (int) SCHED_GETCPU.invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }

    static int errno(MemorySegment state) {
        return state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }
}
