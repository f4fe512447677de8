package honk.wasm;

import honk.actors.Capabilities;
import honk.actors.SpawnSpec;
import honk.actors.shell.ArgumentCompleter;
import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellContext;
import honk.actors.shell.ShellException;
import honk.storage.fs.FsCompleter;
import honk.supervision.RestartPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The shell's {@code wasm} command: start a module from the filesystem as a process, with exactly
 * the capabilities given ({@code --caps=console,files:/data:ro}; default {@code console,args}), a
 * memory limit, a wall-clock budget, environment variables and the engine.
 */
public final class WasmCommands implements ShellCommandProvider {
    static final String USAGE =
            "FILE [ARGS...] [--caps=LIST] [--mem=MAX] [--time=DURATION] [--env=K=V] "
                    + "[--engine=compiled|interpreter] [--restart=POLICY]";

    /** The largest --mem: the whole 32-bit address space a module can use (65536 pages). */
    static final long MAX_MEM_BYTES = 4L << 30;

    /**
     * How long {@code wasm} waits for the module to be instantiated (compiling under QEMU's
     * emulation is slow).
     */
    static final Duration START_WAIT = Duration.ofSeconds(120);

    /** A parsed command line. */
    record Request(
            String file,
            List<String> args,
            List<String> caps,
            int maxPages,
            Duration budget,
            Map<String, String> env,
            Engine engine,
            RestartPolicy restart) {}

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "wasm",
                                USAGE,
                                "run a WebAssembly module (default caps: console,args; modules live"
                                        + " in /bin)",
                                WasmCommands::wasm)
                        .withExample("wasm hello.wasm", "run /bin/hello.wasm (caps console,args)")
                        .withExample(
                                "wasm wc.wasm /data/a.txt --caps=console,args,files:/data:ro",
                                "wc may read /data only")
                        .withExample(
                                "wasm loop.wasm --time=2s --caps=none",
                                "stopped after two seconds of wall-clock time")
                        .withExample(
                                "wasm hello.wasm --mem=16M --env=K=V --engine=interpreter",
                                "a memory limit, a variable, the interpreter")
                        .completing(WasmCommands::completeFile));
    }

    /**
     * Tab on the FILE (the first word that is not an option): the modules in /bin by their file
     * names, and paths.
     */
    private static CompletionStage<List<String>> completeFile(
            ShellContext ctx, List<String> before, String word) {
        if (word.startsWith("--") || before.stream().anyMatch(w -> !w.startsWith("--"))) {
            return CompletableFuture.completedFuture(List.of());
        }
        ArgumentCompleter modules =
                (c, b, w) ->
                        c.registry()
                                .get(WasmLoader.class)
                                .map(WasmLoader::moduleFiles)
                                .orElseGet(() -> CompletableFuture.completedFuture(List.of()));
        return modules.and(FsCompleter.paths()).complete(ctx, before, word);
    }

    private static CompletionStage<String> wasm(ShellContext ctx, List<String> words) {
        Request r = parse(words);
        WasmLoader loader =
                ctx.registry()
                        .get(WasmLoader.class)
                        .orElseThrow(() ->
                                new ShellException(
                                        "wasm: the WebAssembly tier is not installed on this"
                                                + " kernel"));
        var limits = new WasmProgram.Limits(r.maxPages(), r.budget(), r.env());
        return loader.load(r.file(), r.engine(), limits)
                .thenCompose(program -> {
                    Capabilities granted =
                            ctx.capabilities()
                                    .grant(
                                            r.caps() == null
                                                    ? program.requestedCaps()
                                                    : new LinkedHashSet<>(r.caps()));
                    long pid =
                            ctx.table()
                                    .spawn(
                                            SpawnSpec.of(program, r.args())
                                                    .withRestart(r.restart())
                                                    .withCaps(granted));
                    ctx.jobs().started(pid);
                    return program.firstStart()
                            .completeOnTimeout(null, START_WAIT.toSeconds(), TimeUnit.SECONDS)
                            .thenApply(why -> {
                                if (why != null) {
                                    ctx.jobs().forget(pid); // this answer says how it ended
                                    throw new ShellException(
                                            "wasm: "
                                                    + program.name()
                                                    + " (pid "
                                                    + pid
                                                    + "): "
                                                    + why);
                                }
                                return "wasm: started "
                                        + program.name()
                                        + " as pid "
                                        + pid
                                        + " ("
                                        + program.engine().label()
                                        + (granted.names().isEmpty()
                                                ? ", no capabilities"
                                                : ", caps " + granted)
                                        + ")";
                            });
                });
    }

    static Request parse(List<String> words) {
        String file = null;
        var args = new ArrayList<String>();
        List<String> caps = null;
        long mem = (long) WasmLoader.DEFAULT_MAX_PAGES * 65536;
        Duration budget = null;
        var env = new TreeMap<String, String>();
        Engine engine = Engine.COMPILED;
        RestartPolicy restart = RestartPolicy.NEVER;
        boolean options = true;
        for (String w : words) {
            if (options && w.equals("--")) {
                options = false;
            } else if (options && w.startsWith("--caps=")) {
                String list = w.substring("--caps=".length());
                caps =
                        list.isBlank() || list.equals("none")
                                ? List.of()
                                : Arrays.asList(list.split(","));
            } else if (options && w.startsWith("--mem=")) {
                mem = bytes(w.substring("--mem=".length()));
            } else if (options && w.startsWith("--time=")) {
                budget = duration(w.substring("--time=".length()));
            } else if (options && w.startsWith("--env=")) {
                String kv = w.substring("--env=".length());
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ShellException("wasm: --env wants NAME=VALUE, not '" + kv + "'");
                }
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (options && w.startsWith("--engine=")) {
                engine = Engine.parse(w.substring("--engine=".length()));
            } else if (options && w.startsWith("--restart=")) {
                restart = RestartPolicy.parse(w.substring("--restart=".length()));
            } else if (options && w.startsWith("--") && file == null) {
                throw new ShellException("wasm: unknown option '" + w + "'; usage: wasm " + USAGE);
            } else if (file == null) {
                file = w;
            } else {
                args.add(w);
            }
        }
        if (file == null) {
            throw new ShellException("wasm: missing FILE; usage: wasm " + USAGE);
        }
        return new Request(file, args, caps, (int) (mem / 65536), budget, env, engine, restart);
    }

    /**
     * {@code 640K}, {@code 16M}, {@code 1G} or bytes; a whole number of 64 KiB pages, at least one,
     * at most 4 GiB.
     */
    static long bytes(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        long unit =
                t.endsWith("K")
                        ? 1L << 10
                        : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits) * unit;
            if (n >= 65536 && n <= MAX_MEM_BYTES && n % 65536 == 0) {
                return n;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new ShellException(
                "wasm: --mem="
                        + text
                        + " is not a memory size from 64K to 4G in 64K pages (e.g. 16M)");
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, or milliseconds. */
    static Duration duration(String text) {
        try {
            Duration d;
            if (text.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else {
                d = Duration.ofMillis(Long.parseLong(text));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ShellException(
                "wasm: --time=" + text + " is not a positive duration (e.g. 500ms, 2s, 1m)");
    }
}
