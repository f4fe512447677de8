package honk.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import honk.wasm.wasi.Grants;
import honk.wasm.wasi.Stdin;
import honk.wasm.wasi.Wasi;
import honk.wasm.wasi.WasiExit;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One module instance running on a thread of its own, from instantiation to its end. A kill is
 * {@link #stop}: it interrupts the thread, and Chicory checks the interrupt flag at every call and
 * every backward branch, in its interpreter ({@code InterpreterMachine}) and in the code its
 * compiler emits ({@code Shaded.checkInterruption} before calls and at loop heads), so even a loop
 * without a single host call ends; a wait inside a host call (stdin, the filesystem) is
 * interruptible too. Each run reports exactly one {@link Outcome}.
 */
public final class ModuleRun {
    /** How a run ended. */
    public sealed interface Outcome {}

    /** {@code _start} returned (code 0) or the module called {@code proc_exit}. */
    public record Exited(int code) implements Outcome {}

    /** A trap; {@code inStart}: in the module's start function, during instantiation. */
    public record Trapped(String why, boolean inStart) implements Outcome {}

    /** Stopped by {@link #stop}. */
    public record Interrupted() implements Outcome {}

    /**
     * Instantiation or the runtime failed otherwise (an import of the wrong type, a bug): {@code
     * why} in one line.
     */
    public record Failed(String why) implements Outcome {}

    /** A module thread's stack: compiled code recurses on it (the interpreter keeps its own). */
    private static final long STACK_BYTES = 8L << 20;

    private final Thread thread;
    // written by stop() and by the module's thread; read by tests
    private volatile long stopRequestedNanos;
    private volatile long endedNanos;

    /**
     * @param maxPages the most 64 KiB pages its memory may grow to
     * @param onStarted called once instantiation succeeded (before {@code _start})
     * @param onEnd called once with the outcome, on the module's thread
     */
    public ModuleRun(
            String threadName,
            ModuleCache.Loaded loaded,
            int maxPages,
            Grants grants,
            Stdin stdin,
            Runnable onStarted,
            Consumer<Outcome> onEnd) {
        this.thread =
                new Thread(
                        null,
                        () -> onEnd.accept(run(loaded, maxPages, grants, stdin, onStarted)),
                        threadName,
                        STACK_BYTES);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Interrupts the module and waits up to {@code wait} for its thread to end; true if it has. */
    public boolean stop(Duration wait) {
        if (stopRequestedNanos == 0) {
            stopRequestedNanos = System.nanoTime();
        }
        thread.interrupt();
        try {
            thread.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /**
     * From the first {@link #stop} to the end of the module's thread; -1 if either has not
     * happened.
     */
    public long stopLatencyNanos() {
        long asked = stopRequestedNanos;
        long ended = endedNanos;
        return asked == 0 || ended == 0 ? -1 : ended - asked;
    }

    private Outcome run(
            ModuleCache.Loaded loaded,
            int maxPages,
            Grants grants,
            Stdin stdin,
            Runnable onStarted) {
        var wasi = new Wasi(grants, stdin);
        boolean started = false;
        try {
            var memory =
                    new MemoryLimits(
                            loaded.initialPages(),
                            Math.min(
                                    loaded.maximumPages(),
                                    Math.max(loaded.initialPages(), maxPages)));
            Instance instance =
                    Instance.builder(loaded.module())
                            .withImportValues(
                                    ImportValues.builder().withFunctions(wasi.functions()).build())
                            .withMemoryLimits(memory)
                            .withMachineFactory(loaded.machines())
                            .withStart(
                                    false) // runs the start section (if any) but not _start: that
                            // is called below
                            .build();
            started = true;
            onStarted.run();
            instance.export(Instance.START_FUNCTION_NAME).apply();
            return new Exited(0);
        } catch (WasiExit e) {
            return new Exited(e.code());
        } catch (ChicoryInterruptedException e) {
            return new Interrupted();
        } catch (TrapException e) {
            return new Trapped(ModuleCache.oneLine(e), !started);
        } catch (StackOverflowError e) {
            return new Trapped("call stack exhausted", !started);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || stopRequestedNanos != 0) {
                return new Interrupted();
            }
            var exit = causeOf(e, WasiExit.class);
            if (exit != null) {
                return new Exited(exit.code());
            }
            var trap = causeOf(e, TrapException.class);
            if (trap != null) { // a start function's trap comes wrapped in Chicory's
                // UninstantiableException
                return new Trapped(ModuleCache.oneLine(trap), !started);
            }
            return started
                    ? new Trapped(ModuleCache.oneLine(e), false)
                    : new Failed(ModuleCache.oneLine(e));
        } finally {
            wasi.finish();
            endedNanos = System.nanoTime();
        }
    }

    /**
     * The first exception of {@code type} among {@code e} and its causes (what Chicory wrapped), or
     * null.
     */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
