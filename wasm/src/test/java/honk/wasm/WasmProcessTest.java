package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.ProcessKind;
import honk.actors.ProcessState;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Modules as processes on a whole kernel: the wasm command, ps, kill, send, exit reasons, restarts,
 * limits, bad modules.
 */
@Timeout(300)
class WasmProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static WasmKernel w;

    @BeforeAll
    static void boot() throws Exception {
        w = new WasmKernel();
        for (String m : List.of("hello.wasm", "loop.wasm", "wc.wasm")) {
            w.put("/bin/" + m, Modules.bin(m));
        }
        for (String m :
                List.of(
                        "probe.wasm",
                        "exit3.wasm",
                        "trap_start.wasm",
                        "big_memory.wasm",
                        "unlinkable.wasm")) {
            w.put("/bin/" + m, Modules.test(m));
        }
        w.put("/bin/garbage.wasm", "not a module");
    }

    @AfterAll
    static void halt() throws Exception {
        w.close();
    }

    @Test
    void helloPrintsItsGreetingAndItsProcessEndsStopped() throws Exception {
        var end = w.runToEnd("wasm hello.wasm");
        assertTrue(
                end.started()
                        .matches(
                                "wasm: started hello.wasm as pid \\d+ \\(compiled, caps"
                                        + " args,console\\)"),
                end.started());
        assertEquals(List.of("Hello from WebAssembly on honk!"), end.output());
        assertEquals(ProcessKind.WASM, end.info().kind());
        assertEquals(ProcessState.STOPPED, end.info().state());
        assertEquals("exited normally", end.info().exitReason());
    }

    @Test
    void runStartsAModuleFromBinByName() throws Exception {
        var end = w.runToEnd("run hello");
        assertTrue(end.started().matches("run: started hello.wasm as pid \\d+"), end.started());
        assertEquals(List.of("Hello from WebAssembly on honk!"), end.output());
        assertEquals(
                List.of("run: no program 'nope' (type 'run' to list the programs)"),
                w.k.sh("run nope"));
    }

    @Test
    void killStopsALoopingModuleAndItsThread() throws Exception {
        String started = w.k.sh("wasm loop.wasm --caps=none").getFirst();
        assertTrue(started.endsWith("(compiled, no capabilities)"), started);
        long pid = WasmKernel.pid(started);
        Eventually.await(
                "ps shows loop.wasm running",
                WAIT,
                () ->
                        w.k.sh("ps").stream()
                                .filter(l -> l.startsWith(pid + " "))
                                .findFirst()
                                .orElseThrow(),
                row -> row.matches(pid + " +loop.wasm +wasm +running +never .*"));
        assertEquals(List.of("killed pid " + pid + " (loop.wasm)"), w.k.sh("kill " + pid));
        var info =
                w.k.kernel
                        .table()
                        .get(pid)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .orElseThrow();
        assertEquals(ProcessState.KILLED, info.state());
        // the kill waits for the module's thread: it is gone by the time kill answers
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("wasm-" + pid + "-loop.wasm")));
    }

    @Test
    void anExitCodeOrATrapIsTheProcesssExitReason() throws Exception {
        var exit = w.runToEnd("wasm exit3.wasm");
        assertEquals(ProcessState.CRASHED, exit.info().state());
        assertEquals("WasmExitException: exit code 3", exit.info().exitReason());
        var trap = w.runToEnd("wasm probe.wasm trap");
        assertEquals(ProcessState.CRASHED, trap.info().state());
        assertTrue(
                trap.info().exitReason().startsWith("WasmTrapException: trap: "),
                trap.info().exitReason());
        String row =
                w.k.sh("ps").stream()
                        .filter(l -> l.startsWith(exit.info().pid() + " "))
                        .findFirst()
                        .orElseThrow();
        assertTrue(row.endsWith("WasmExitException: exit code 3"), row);
    }

    @Test
    void aStartFunctionThatTrapsIsReportedByTheCommandAndContained() throws Exception {
        List<String> out = w.k.sh("wasm trap_start.wasm");
        assertEquals(1, out.size(), out.toString());
        assertTrue(
                out.getFirst()
                        .matches(
                                "wasm: trap_start.wasm \\(pid \\d+\\): start function trapped:"
                                        + " .*unreachable.*"),
                out.getFirst());
        assertEquals(
                List.of("Hello from WebAssembly on honk!"), w.runToEnd("wasm hello.wasm").output());
    }

    @Test
    void onFailureRestartsAModuleThatExitsNonZero() throws Exception {
        long pid = WasmKernel.pid(w.k.sh("wasm exit3.wasm --restart=on-failure").getFirst());
        Eventually.await(
                "exit3.wasm is restarted twice",
                Duration.ofSeconds(30),
                () ->
                        w.k.kernel
                                .table()
                                .get(pid)
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                                .orElseThrow()
                                .restarts(),
                restarts -> restarts >= 2);
        w.k.sh("kill " + pid);
    }

    @Test
    void aWallClockBudgetStopsAModuleThatRunsPastIt() throws Exception {
        var end = w.runToEnd("wasm loop.wasm --time=300ms --caps=none");
        assertEquals(ProcessState.CRASHED, end.info().state());
        assertEquals(
                "WasmBudgetException: ran past its wall-clock budget of 300 ms",
                end.info().exitReason());
    }

    @Test
    void sendFeedsStdinAndEofEndsIt() throws Exception {
        long pid = WasmKernel.pid(w.k.sh("wasm probe.wasm stdin").getFirst());
        int mark = w.k.console.size();
        w.k.sh("send " + pid + " 'first line'");
        w.k.console.awaitLine(mark, "got: first line"::equals, Duration.ofSeconds(20));
        w.k.sh("send " + pid + " --eof");
        w.k.console.awaitLine(mark, "eof"::equals, Duration.ofSeconds(20));
        var info =
                w.k.kernel
                        .table()
                        .awaitExit(pid, Duration.ofSeconds(20))
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
        assertEquals(ProcessState.STOPPED, info.orElseThrow().state());
    }

    @Test
    void memoryAtStartOverTheLimitIsRefusedAndGrowthStopsAtIt() throws Exception {
        assertEquals(
                List.of(
                        "wasm: big_memory.wasm: needs 128000 KiB of memory at start; its limit is"
                                + " 65536 KiB (raise it with --mem=)"),
                w.k.sh("wasm big_memory.wasm"));
        assertEquals(
                ProcessState.STOPPED, w.runToEnd("wasm big_memory.wasm --mem=128M").info().state());
        var grow = w.runToEnd("wasm probe.wasm grow 64 --mem=8M");
        String line = grow.output().getFirst();
        int mib = Integer.parseInt(line.replaceAll("allocated (\\d+) MiB", "$1"));
        assertTrue(mib > 0 && mib < 8, line);
    }

    @Test
    void badModulesAreRefusedInOneLineAndNothingElseIsAffected() throws Exception {
        assertTrue(
                w.k.sh("wasm garbage.wasm")
                        .getFirst()
                        .startsWith("wasm: garbage.wasm: not a valid WebAssembly module ("));
        assertEquals(
                List.of(
                        "wasm: unlinkable.wasm: imports env.launch_missiles, which honk does not"
                                + " provide (only the functions of wasi_snapshot_preview1)"),
                w.k.sh("wasm unlinkable.wasm"));
        assertEquals(
                List.of(
                        "wasm: no module /bin/nope.wasm (modules live in /bin; 'ls /bin' lists"
                                + " them, or give a path)"),
                w.k.sh("wasm nope"));
        assertEquals(
                List.of(
                        "wasm: --mem=3K is not a memory size from 64K to 4G in 64K pages (e.g."
                                + " 16M)"),
                w.k.sh("wasm hello.wasm --mem=3K"));
        assertEquals(
                List.of(
                        "wasm: unknown capability 'network' (known: args, clock, console, env,"
                                + " files[:/PATH][:ro], procs, random)"),
                w.k.sh("wasm hello.wasm --caps=network"));
        assertTrue(
                w.k.sh("run garbage")
                        .getFirst()
                        .startsWith("run: garbage.wasm: not a valid WebAssembly module ("));
        assertEquals(
                List.of("Hello from WebAssembly on honk!"), w.runToEnd("wasm hello.wasm").output());
    }
}
