package honk.bench;

import honk.actors.ConsoleCapability;
import honk.wasm.Engine;
import honk.wasm.ModuleCache;
import honk.wasm.ModuleRun;
import honk.wasm.wasi.Grants;
import honk.wasm.wasi.Stdin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code scripts/bench wasm}'s honk side: runs a WASI command RUNS times on one engine in this JVM
 * and prints each run's wall time from instantiation to exit, then the median and what the module
 * printed (so that the engines can be checked to agree). The module is loaded (and compiled) once
 * before the timed runs, as honk's module cache does; the compile time is printed apart.
 *
 * <p>Usage: {@code WasmBench MODULE compiled|interpreter RUNS [ARGS...]}
 */
public final class WasmBench {
    private WasmBench() {}

    public static void main(String[] argv) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(argv[0]));
        Engine engine = Engine.parse(argv[1]);
        int runs = Integer.parseInt(argv[2]);
        var args = new ArrayList<String>();
        args.add(Path.of(argv[0]).getFileName().toString());
        args.addAll(List.of(argv).subList(3, argv.length));
        long t0 = System.nanoTime();
        var loaded = new ModuleCache().load(args.getFirst(), bytes, engine);
        System.out.printf(
                "load+compile: %.1f ms (%s)%n",
                (System.nanoTime() - t0) / 1e6, loaded.engine().label());
        var times = new ArrayList<Double>();
        var lines = new ArrayList<String>();
        for (int i = 0; i < runs; i++) {
            lines.clear();
            ConsoleCapability console = lines::add;
            var end = new CompletableFuture<ModuleRun.Outcome>();
            long start = System.nanoTime();
            var run =
                    new ModuleRun(
                            "wasm-bench",
                            loaded,
                            16384,
                            new Grants(console, null, false, false, args, null),
                            new Stdin(),
                            () -> {},
                            end::complete);
            run.start();
            var outcome = end.get();
            double ms = (System.nanoTime() - start) / 1e6;
            if (!(outcome instanceof ModuleRun.Exited e && e.code() == 0)) {
                throw new IllegalStateException("run " + i + " ended " + outcome);
            }
            times.add(ms);
            System.out.printf("run %d: %.1f ms%n", i + 1, ms);
        }
        Collections.sort(times);
        System.out.printf("median: %.1f ms%n", times.get(times.size() / 2));
        System.out.println("output: " + String.join(" | ", lines));
    }
}
