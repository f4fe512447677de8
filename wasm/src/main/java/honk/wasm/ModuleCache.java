package honk.wasm;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import honk.wasm.wasi.Wasi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsed, checked and compiled modules by the SHA-256 of their bytes: a module started again (or
 * restarted, or started under another name) is neither parsed nor compiled again. Compiling is
 * Chicory's bytecode compiler with the interpreter as the fallback, for the whole module if the
 * compiler refuses it, or for each function too large for the JVM. Thread-safe; keeps the {@link
 * #CAPACITY} most recently used modules.
 */
public final class ModuleCache {
    /**
     * Modules kept: each holds its parsed form and generated classes (tens of KiB to a few MiB).
     */
    static final int CAPACITY = 32;

    /**
     * A module ready to instantiate.
     *
     * @param machines how an instance runs: compiled (or the interpreter, if compiling failed), or
     *     interpreted
     * @param engine what {@code machines} actually is
     * @param note why the compiler was not used, or ""
     */
    public record Loaded(
            String sha256,
            WasmModule module,
            Function<Instance, Machine> machines,
            Engine engine,
            String note) {
        /** Pages of 64 KiB the module's memory starts with (0 without a memory). */
        public int initialPages() {
            return module.memorySection()
                    .filter(s -> s.memoryCount() > 0)
                    .map(s -> s.getMemory(0).limits().initialPages())
                    .orElse(0);
        }

        /**
         * The most pages the module itself allows its memory (the spec's 65536 if it sets no
         * maximum).
         */
        public int maximumPages() {
            return module.memorySection()
                    .filter(s -> s.memoryCount() > 0)
                    .map(s -> s.getMemory(0).limits().maximumPages())
                    .orElse(MemoryLimits.MAX_PAGES);
        }
    }

    private record Key(String sha256, Engine engine) {}

    private final Map<Key, Loaded> entries =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Loaded> eldest) {
                    return size() > CAPACITY;
                }
            };

    /**
     * The module in {@code bytes}, checked and ready for {@code engine}; {@code name} is for the
     * messages only. A {@link BadModuleException} says in one line what is wrong with it.
     */
    public Loaded load(String name, byte[] bytes, Engine engine) {
        var key = new Key(sha256(bytes), engine);
        synchronized (entries) {
            Loaded hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        WasmModule module = parse(name, bytes);
        Loaded loaded =
                engine == Engine.INTERPRETER
                        ? new Loaded(
                                key.sha256(),
                                module,
                                InterpreterMachine::new,
                                Engine.INTERPRETER,
                                "")
                        : compile(key.sha256(), module);
        synchronized (entries) {
            entries.putIfAbsent(key, loaded);
            return entries.get(key);
        }
    }

    /** How many modules are held (for tests). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    static WasmModule parse(String name, byte[] bytes) {
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new BadModuleException(
                    name + ": not a valid WebAssembly module (" + oneLine(e) + ")");
        }
        for (int i = 0; i < module.importSection().importCount(); i++) {
            checkImport(name, module.importSection().getImport(i));
        }
        var start = module.exportSection();
        boolean hasStart = false;
        for (int i = 0; i < start.exportCount(); i++) {
            var export = start.getExport(i);
            hasStart |=
                    export.name().equals(Instance.START_FUNCTION_NAME)
                            && export.exportType() == ExternalType.FUNCTION;
        }
        if (!hasStart) {
            throw new BadModuleException(
                    name
                            + ": exports no _start function (honk runs WASI commands: build with a"
                            + " main)");
        }
        return module;
    }

    private static void checkImport(String name, Import imp) {
        String what = imp.module() + "." + imp.name();
        if (!(imp instanceof FunctionImport)
                || !imp.module().equals(Wasi.MODULE)
                || !Wasi.provides(imp.name())) {
            throw new BadModuleException(
                    name
                            + ": imports "
                            + what
                            + ", which honk does not provide (only the functions of "
                            + Wasi.MODULE
                            + ")");
        }
    }

    private static Loaded compile(String sha256, WasmModule module) {
        try {
            var machines =
                    MachineFactoryCompiler.builder(module)
                            .withInterpreterFallback(InterpreterFallback.SILENT)
                            .compile();
            return new Loaded(sha256, module, machines, Engine.COMPILED, "");
        } catch (RuntimeException | LinkageError e) {
            return new Loaded(
                    sha256,
                    module,
                    InterpreterMachine::new,
                    Engine.INTERPRETER,
                    "the compiler refused it (" + oneLine(e) + "); interpreted");
        }
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.lines().findFirst().orElse("").strip();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
