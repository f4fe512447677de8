package honk.wasm;

import honk.actors.Program;
import honk.actors.kernel.ProgramSource;
import honk.storage.fs.FsPath;
import honk.storage.fs.FsProtocol;
import honk.storage.fs.FsService;

import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds modules in the filesystem actor tree (the signed core, the KV store, a host share: whatever
 * the union holds) and makes programs of them: a bare name is looked up in {@link #BIN}, with or
 * without {@code .wasm}; a name with a '/' is a path. The kernel's own code reads the module (it is
 * code to run, not data the module reaches); the module itself gets only what its process is
 * granted. Also the {@link ProgramSource} behind {@code run NAME}. Thread-safe.
 */
public final class WasmLoader implements ProgramSource {
    public static final String BIN = "/bin";

    /** The default limit of linear memory: 64 MiB, in 64 KiB pages. */
    public static final int DEFAULT_MAX_PAGES = 1024;

    private final FsService fs;
    private final ModuleCache cache;

    public WasmLoader(FsService fs, ModuleCache cache) {
        this.fs = fs;
        this.cache = cache;
    }

    public ModuleCache cache() {
        return cache;
    }

    /**
     * The path a name stands for: {@code hello} and {@code hello.wasm} are {@code /bin/hello.wasm}.
     */
    static String path(String file) {
        if (file.contains("/")) {
            return file;
        }
        return BIN + "/" + (file.endsWith(".wasm") ? file : file + ".wasm");
    }

    /**
     * A process name for the module at {@code path}: its file name, in the characters an actor name
     * allows.
     */
    static String processName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The module at {@code file} as a program, checked against {@code limits}; fails with an {@link
     * IllegalArgumentException} (a {@link BadModuleException} for the module itself) whose message
     * is one line.
     */
    public CompletionStage<WasmProgram> load(
            String file, Engine engine, WasmProgram.Limits limits) {
        return read(file)
                .thenApplyAsync(bytes -> {
                    String path = path(file);
                    String name = processName(path);
                    if (bytes == null) {
                        throw new IllegalArgumentException(
                                "no module "
                                        + path
                                        + " (modules live in "
                                        + BIN
                                        + "; 'ls "
                                        + BIN
                                        + "' lists them, or give a path)");
                    }
                    ModuleCache.Loaded loaded = cache.load(name, bytes, engine);
                    if (loaded.initialPages() > limits.maxPages()) {
                        throw new BadModuleException(
                                name
                                        + ": needs "
                                        + loaded.initialPages() * 64
                                        + " KiB of memory at start; "
                                        + "its limit is "
                                        + limits.maxPages() * 64L
                                        + " KiB (raise it with --mem=)");
                    }
                    return new WasmProgram(name, loaded, limits);
                });
    }

    @Override
    public CompletionStage<Optional<Program>> find(String name) {
        CompletionStage<byte[]> bytes =
                read(name)
                        .handle((b, failure) -> {
                            if (failure == null) {
                                return b;
                            }
                            Throwable t =
                                    failure instanceof java.util.concurrent.CompletionException
                                                    && failure.getCause() != null
                                            ? failure.getCause()
                                            : failure;
                            throw new IllegalArgumentException(
                                    "no program '"
                                            + name
                                            + "', and "
                                            + path(name)
                                            + " could not be read: "
                                            + t.getMessage());
                        });
        return bytes.thenCompose(found ->
                found == null
                        ? CompletableFuture.completedFuture(Optional.empty())
                        : load(
                                        name,
                                        Engine.COMPILED,
                                        new WasmProgram.Limits(DEFAULT_MAX_PAGES, null, Map.of()))
                                .thenApply(Optional::of));
    }

    /** The modules in {@link #BIN} by the names {@code run} takes: {@code hello} for hello.wasm. */
    @Override
    public CompletionStage<List<String>> names() {
        return moduleFiles()
                .thenApply(files ->
                        files.stream()
                                .map(f -> f.substring(0, f.length() - ".wasm".length()))
                                .toList());
    }

    /**
     * The files in {@link #BIN} that are modules ({@code hello.wasm}); none if it cannot be read.
     */
    public CompletionStage<List<String>> moduleFiles() {
        return fs.list(FsPath.parse(BIN))
                .thenApply(reply ->
                        reply instanceof FsProtocol.ReadDirOk ok
                                ? ok.entries().stream()
                                        .filter(e -> !e.isDirectory())
                                        .map(honk.storage.fs.FsEntry::name)
                                        .filter(n -> n.endsWith(".wasm") && n.length() > 5)
                                        .toList()
                                : List.of());
    }

    /** The file's bytes, or null if there is no such file. */
    private CompletionStage<byte[]> read(String file) {
        FsPath path;
        try {
            path = FsPath.parse(path(file));
        } catch (InvalidPathException e) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("bad path '" + file + "': " + e.getReason()));
        }
        return fs.read(path, 0, FsProtocol.Read.WHOLE)
                .thenApply(reply ->
                        switch (reply) {
                            case FsProtocol.ReadOk ok -> ok.data();
                            case FsProtocol.Failed f
                                    when f.error() instanceof honk.storage.fs.FsError.NotFound ->
                                    null;
                            case FsProtocol.Failed f ->
                                    throw new IllegalArgumentException(f.error().message());
                        });
    }
}
