package honk.board.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
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
    private static final Throwable UNAVAILABLE;

    static {
        MethodHandle getcpu = null;
        Throwable cause = null;
        try {
            SymbolLookup libc = LINKER.defaultLookup();
            getcpu = LINKER.downcallHandle(
                    libc.find("sched_getcpu").orElseThrow(() -> new UnsatisfiedLinkError("sched_getcpu not found in libc")),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
        } catch (Throwable t) {
            cause = t;
        }
        SCHED_GETCPU = getcpu;
        UNAVAILABLE = cause;
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

    static Linker linker() {
        return LINKER;
    }

    static Linker.Option errnoOption() {
        return ERRNO;
    }

    static int errno(MemorySegment state) {
        return state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }
}
