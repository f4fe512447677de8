package honk.board.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Every call honk makes into the kernel, in one place (Netty's {@code Native}). All of them go
 * through one downcall, the C library's {@code syscall(nr, a1..a6)} with every argument a 64-bit
 * integer (pointers as addresses), as Go's {@code syscall.Syscall6} does: FFM spins code for each
 * call shape it binds (a few hundred ms per shape under TCG, and the AOT cache does not keep it),
 * so one shape keeps the boot short. errno is captured on every call and mapped to {@link
 * NativeIoException} here and nowhere else. Syscall numbers are chosen per architecture: riscv64
 * (asm-generic/unistd.h) for the board, x86-64 and aarch64 for the host board on a developer's
 * machine; on any other architecture no call is made. {@link #isAvailable()} says whether the
 * bindings loaded and {@link #unavailabilityCause()} why not.
 */
public final class Linux {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET =
            Linker.Option.captureStateLayout()
                    .byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;

    /** long syscall(long number, ...): six variadic longs, errno captured. */
    private static final Downcall SYSCALL =
            new Downcall(
                    "syscall",
                    FunctionDescriptor.of(L, L, L, L, L, L, L, L),
                    Linker.Option.firstVariadicArg(1),
                    ERRNO);

    /** char *strerror(int): only bound when a call fails. */
    private static final Downcall STRERROR =
            new Downcall(
                    "strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /**
     * The syscall numbers honk uses, for the architecture it runs on ({@link Sys#NONE} if it has
     * none).
     */
    private static final Sys NR;

    /** Why no call can be made (an unknown architecture, a missing symbol), or null. */
    private static final Throwable UNAVAILABLE;

    // An unknown architecture makes the bindings unavailable, with the reason, rather than failing
    // the class's initialisation: the host board asks isAvailable() and runs on without them, and
    // every call refuses in require() before a number is used.
    static {
        Sys nr = Sys.NONE;
        Throwable cause;
        try {
            nr = Sys.forArch(System.getProperty("os.arch"));
            cause = probe(SYSCALL, STRERROR);
        } catch (UnsupportedOperationException e) {
            cause = e;
        }
        NR = nr;
        UNAVAILABLE = cause;
    }

    /** reboot(2) magic numbers and the power-off command (linux/reboot.h). */
    static final long LINUX_REBOOT_MAGIC1 = 0xfee1deadL;

    static final long LINUX_REBOOT_MAGIC2 = 672274793L;
    static final long LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDCL;

    /** ioctl requests for the terminal attributes (asm-generic/ioctls.h). */
    static final long TCGETS = 0x5401;

    static final long TCSETS = 0x5402;

    /**
     * ioctl request for the terminal's size (asm-generic/ioctls.h; the same on x86-64): a struct
     * winsize of four shorts, rows then columns (asm-generic/termios.h).
     */
    static final long TIOCGWINSZ = 0x5413;

    /** openat(2)'s "relative to the working directory" (fcntl.h). */
    static final long AT_FDCWD = -100;

    /**
     * Block-device ioctls (linux/fs.h): _IOR(0x12, 114, u64) the size in bytes, _IO(0x12, 104) the
     * block size.
     */
    static final long BLKGETSIZE64 = 0x80081272L;

    static final long BLKSSZGET = 0x1268;

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_SYNC = 0x101000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    /**
     * mmap flags for DMA memory (asm-generic/mman*.h; the same values on riscv64, arm64 and
     * x86-64).
     */
    static final int MAP_PRIVATE = 2;

    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_LOCKED = 0x2000;
    static final int MAP_POPULATE = 0x8000;
    static final int MAP_HUGETLB = 0x40000;

    /**
     * Bypass the page cache: 040000 on riscv64 (asm-generic) and x86-64, 0200000 on arm64; NR is
     * set above.
     */
    public static final int O_DIRECT = NR.oDirect();

    /**
     * Syscall numbers per architecture: riscv64 is asm-generic; x86-64 and aarch64 for the host
     * board.
     */
    record Sys(
            long openat,
            long close,
            long ioctl,
            long mount,
            long finitModule,
            long reboot,
            long sync,
            long mmap,
            long getcpu,
            long pread64,
            long pwrite64,
            long fdatasync,
            int oDirect,
            long socket,
            long sendto,
            long recvfrom) {
        /**
         * Where honk has no numbers: none is ever used, since every call is refused first
         * (require()).
         */
        static final Sys NONE =
                new Sys(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1);

        /**
         * The numbers for {@code arch} (an {@code os.arch} value); any other architecture is
         * refused, naming it.
         */
        static Sys forArch(String arch) {
            return switch (String.valueOf(arch)) {
                case "riscv64" ->
                        new Sys(
                                56, 57, 29, 40, 273, 142, 81, 222, 168, 67, 68, 83, 0x4000, 198,
                                206, 207);
                case "amd64", "x86_64" ->
                        new Sys(
                                257, 3, 16, 165, 313, 169, 162, 9, 309, 17, 18, 75, 0x4000, 41, 44,
                                45);
                case "aarch64" ->
                        new Sys(
                                56, 57, 29, 40, 273, 142, 81, 222, 168, 67, 68, 83, 0x10000, 198,
                                206, 207);
                default ->
                        throw new UnsupportedOperationException(
                                "no Linux syscall numbers for architecture '"
                                        + arch
                                        + "': honk knows riscv64, amd64 (x86_64) and aarch64");
            };
        }
    }

    /**
     * A C function resolved by name at class load and bound to a method handle on its first call.
     */
    private static final class Downcall {
        private final String name;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        Downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            this.name = name;
            this.descriptor = descriptor;
            this.options = options;
        }

        MethodHandle get() {
            MethodHandle h = handle;
            if (h == null) {
                require();
                synchronized (this) {
                    h = handle;
                    if (h == null) {
                        h = LINKER.downcallHandle(find(name), descriptor, options);
                        handle = h;
                    }
                }
            }
            return h;
        }
    }

    private Linux() {}

    /** Resolves every symbol without binding any: null when all are present, else the cause. */
    private static Throwable probe(Downcall... calls) {
        try {
            for (Downcall c : calls) {
                find(c.name);
            }
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static MemorySegment find(String name) {
        return LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError(name + " not found in the C library"));
    }

    private static void require() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(
                    "native calls are unavailable: " + UNAVAILABLE, UNAVAILABLE);
        }
    }

    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why the bindings did not load, or null when they did. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABLE;
    }

    /**
     * One system call; a result of -1 throws {@link NativeIoException} naming {@code call}. The
     * arguments are integers or the addresses of native segments that outlive the call.
     */
    private static long syscall(
            String call, long nr, long a, long b, long c, long d, long e, long f) {
        require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            long rc = (long) SYSCALL.get().invokeExact(state, nr, a, b, c, d, e, f);
            if (rc == -1) {
                int errno = state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
                throw new NativeIoException(call, errno, strerror(errno));
            }
            return rc;
        } catch (NativeIoException ex) {
            throw ex;
        } catch (Throwable t) {
            throw new IllegalStateException(call + ": downcall failed", t);
        }
    }

    private static long syscall(String call, long nr, long a, long b, long c) {
        return syscall(call, nr, a, b, c, 0, 0, 0);
    }

    public static String strerror(int errno) {
        try {
            // SAFETY: strerror returns a pointer to a NUL-terminated static string; 256 bytes
            // bound the read and the text is copied out at once.
            MemorySegment p = (MemorySegment) STRERROR.get().invokeExact(errno);
            return p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** mount(2). */
    public static void mount(String source, String target, String fstype, long flags) {
        mount(source, target, fstype, flags, null);
    }

    /**
     * mount(2) with the filesystem's option string {@code data} (null: none), e.g. 9p's {@code
     * trans=virtio}.
     */
    public static void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            syscall(
                    "mount(" + target + ")",
                    NR.mount,
                    arena.allocateFrom(source).address(),
                    arena.allocateFrom(target).address(),
                    arena.allocateFrom(fstype).address(),
                    flags,
                    data == null ? 0 : arena.allocateFrom(data).address(),
                    0);
        }
    }

    /** open(2); the caller closes the descriptor. */
    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int)
                    syscall(
                            "open(" + path + ")",
                            NR.openat,
                            AT_FDCWD,
                            arena.allocateFrom(path).address(),
                            flags);
        }
    }

    /** close(2); a failure is ignored: the descriptor is gone either way. */
    public static void close(int fd) {
        try {
            syscall("close", NR.close, fd, 0, 0);
        } catch (NativeIoException e) {
            // close of a descriptor we opened cannot meaningfully fail here
        }
    }

    /**
     * finit_module(2) on an open module file. EEXIST (already loaded) is reported like any errno.
     */
    public static void finitModule(int fd, String name) {
        try (Arena arena = Arena.ofConfined()) {
            syscall(
                    "finit_module(" + name + ")",
                    NR.finitModule,
                    fd,
                    arena.allocateFrom("").address(),
                    0);
        }
    }

    /**
     * ioctl(TCGETS): the terminal attributes of {@code fd}; fails with ENOTTY when it is no
     * terminal.
     */
    public static Termios tcgetattr(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(Termios.SIZE);
            syscall("ioctl(" + fd + ", TCGETS)", NR.ioctl, fd, TCGETS, t.address());
            return Termios.of(t.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** ioctl(TCSETS): sets the terminal attributes of {@code fd} at once (tcsetattr TCSANOW). */
    public static void tcsetattr(int fd, Termios termios) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(Termios.SIZE);
            MemorySegment.copy(termios.bytes(), 0, t, ValueLayout.JAVA_BYTE, 0, Termios.SIZE);
            syscall("ioctl(" + fd + ", TCSETS)", NR.ioctl, fd, TCSETS, t.address());
        }
    }

    /**
     * ioctl(TIOCGWINSZ): how many columns the terminal on {@code fd} has; 0 when it does not know
     * (a serial line, unless someone set it with stty). Fails with ENOTTY when {@code fd} is no
     * terminal.
     */
    public static int terminalColumns(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8);
            syscall("ioctl(" + fd + ", TIOCGWINSZ)", NR.ioctl, fd, TIOCGWINSZ, size.address());
            return Short.toUnsignedInt(size.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2));
        }
    }

    /** sync(2) then reboot(2) with POWER_OFF. Returns only if the kernel refused. */
    public static void powerOff() {
        syscall("sync", NR.sync, 0, 0, 0);
        syscall(
                "reboot(POWER_OFF)",
                NR.reboot,
                LINUX_REBOOT_MAGIC1,
                LINUX_REBOOT_MAGIC2,
                LINUX_REBOOT_CMD_POWER_OFF);
        throw new NativeIoException("reboot(POWER_OFF)", 0, "returned without powering off");
    }

    /**
     * pread64(2): up to {@code count} bytes at {@code offset} into native {@code buf}; the count
     * read (0: the end).
     */
    public static long pread(int fd, MemorySegment buf, long count, long offset) {
        return syscall("pread64", NR.pread64, fd, transferAddress(buf, count), count, offset, 0, 0);
    }

    /**
     * pwrite64(2): up to {@code count} bytes of native {@code buf} at {@code offset}; the count
     * written.
     */
    public static long pwrite(int fd, MemorySegment buf, long count, long offset) {
        return syscall(
                "pwrite64", NR.pwrite64, fd, transferAddress(buf, count), count, offset, 0, 0);
    }

    private static long transferAddress(MemorySegment buf, long count) {
        // SAFETY: the kernel is told only an address and a count, and writes (pread) or reads
        // (pwrite) that many bytes there. A heap segment has no stable address and a count past
        // the segment's end would reach memory it does not own, so both are refused here; the
        // caller keeps the segment alive for the call.
        if (!buf.isNative() || count < 0 || count > buf.byteSize()) {
            throw new IllegalArgumentException(
                    "a " + count + "-byte transfer needs a native segment that long, got " + buf);
        }
        return buf.address();
    }

    /** socket(2); the caller closes it. */
    public static int socket(int domain, int type, int protocol) {
        return (int)
                syscall(
                        "socket(" + domain + ", " + type + ", " + protocol + ")",
                        NR.socket,
                        domain,
                        type,
                        protocol);
    }

    /** send(2) of {@code count} bytes of native {@code buf} (sendto without an address). */
    public static long send(int fd, MemorySegment buf, long count) {
        return syscall("send", NR.sendto, fd, transferAddress(buf, count), count, 0, 0, 0);
    }

    /** recv(2) into native {@code buf}: the bytes received. */
    public static long recv(int fd, MemorySegment buf, long count) {
        return syscall("recv", NR.recvfrom, fd, transferAddress(buf, count), count, 0, 0, 0);
    }

    /**
     * fdatasync(2): the data reach the device; on a block device the kernel then sends the drive's
     * FLUSH.
     */
    public static void fdatasync(int fd) {
        syscall("fdatasync", NR.fdatasync, fd, 0, 0);
    }

    /**
     * ioctl(BLKGETSIZE64): a block device's size in bytes; ENOTTY when {@code fd} is no block
     * device.
     */
    public static long blockDeviceBytes(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
            syscall("ioctl(" + fd + ", BLKGETSIZE64)", NR.ioctl, fd, BLKGETSIZE64, size.address());
            return size.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /**
     * ioctl(BLKSSZGET): a block device's logical block size, the unit of its O_DIRECT transfers.
     */
    public static int logicalBlockSize(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
            syscall("ioctl(" + fd + ", BLKSSZGET)", NR.ioctl, fd, BLKSSZGET, size.address());
            return size.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * mmap(2) of {@code length} bytes of {@code fd} at offset 0, shared, read-write. The mapping is
     * never unmapped: it is for device registers that live as long as honk.
     */
    public static MemorySegment mapShared(int fd, long length) {
        long address =
                syscall("mmap", NR.mmap, 0, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        // SAFETY: the kernel just mapped exactly `length` bytes at this address, shared and
        // read-write, and it stays mapped for the life of the process (never unmapped).
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    /**
     * An anonymous mapping of {@code length} bytes of hugepages, locked and populated: memory a
     * device may DMA into. hugetlb pages are never swapped and, locked, stay at their physical
     * frames, so the addresses read from /proc/self/pagemap stay valid. Never unmapped: it lives as
     * long as the driver's device. Needs free pages in /proc/sys/vm/nr_hugepages (ENOMEM
     * otherwise).
     */
    public static MemorySegment mapHugepages(long length) {
        long address =
                syscall(
                        "mmap(MAP_HUGETLB, " + length + ")",
                        NR.mmap,
                        0,
                        length,
                        PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_LOCKED | MAP_POPULATE,
                        -1,
                        0);
        // SAFETY: the kernel just mapped exactly `length` bytes of private, read-write memory at
        // this address, populated and locked, and it is never unmapped while honk runs.
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    /** The CPU (hart) the calling thread runs on, or -1 when the kernel cannot say. */
    public static int schedGetcpu() {
        if (UNAVAILABLE != null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cpu = arena.allocate(ValueLayout.JAVA_INT);
            syscall("getcpu", NR.getcpu, cpu.address(), 0, 0);
            return cpu.get(ValueLayout.JAVA_INT, 0);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
