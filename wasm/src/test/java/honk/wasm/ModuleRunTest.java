package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.ConsoleCapability;
import honk.wasm.wasi.Grants;
import honk.wasm.wasi.Stdin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One module instance on its own thread, without a kernel: outcomes, kill latency, memory limits.
 */
@Timeout(120)
class ModuleRunTest {
    private static final ModuleCache CACHE = new ModuleCache();

    /**
     * A run of {@code bytes} with a console that records lines; {@code outcome} completes at its
     * end.
     */
    record Started(
            ModuleRun run,
            CompletableFuture<ModuleRun.Outcome> outcome,
            List<String> lines,
            CountDownLatch instantiated) {}

    static Started start(byte[] bytes, Engine engine, int maxPages, Grants grants) {
        var loaded = CACHE.load("test", bytes, engine);
        var outcome = new CompletableFuture<ModuleRun.Outcome>();
        var instantiated = new CountDownLatch(1);
        var run =
                new ModuleRun(
                        "wasm-test",
                        loaded,
                        maxPages,
                        grants,
                        new Stdin(),
                        instantiated::countDown,
                        outcome::complete);
        run.start();
        return new Started(run, outcome, List.of(), instantiated);
    }

    static Grants console(List<String> lines) {
        ConsoleCapability console = lines::add;
        return new Grants(console, null, false, false, List.of("test"), null);
    }

    private static ModuleRun.Outcome outcome(Started s) throws Exception {
        return s.outcome().get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void helloPrintsItsGreetingThroughFdWriteAndExitsZero(Engine engine) throws Exception {
        var lines = Collections.synchronizedList(new ArrayList<String>());
        var s = start(Modules.bin("hello.wasm"), engine, 16, console(lines));
        assertEquals(new ModuleRun.Exited(0), outcome(s));
        assertEquals(List.of("Hello from WebAssembly on honk!"), lines);
    }

    @Test
    void withoutTheConsoleGrantTheGreetingGoesNowhere() throws Exception {
        var s = start(Modules.bin("hello.wasm"), Engine.COMPILED, 16, Grants.NONE);
        assertEquals(
                new ModuleRun.Exited(0), outcome(s)); // fd_write answered EBADF; hello ignores it
    }

    /**
     * The bound: a kill ends a tight loop without host calls within 100 ms. Measured from
     * the interrupt to the end of the module's thread (not the test's wall time), as the median of
     * five kills on each engine and loop shape, so one descheduling on a loaded machine does not
     * decide it; the worst of them must still be under a second.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void killingATightLoopEndsItWithin100Milliseconds(Engine engine) throws Exception {
        for (String module : List.of("loop.wasm", "call_loop.wasm")) {
            byte[] bytes = module.equals("loop.wasm") ? Modules.bin(module) : Modules.test(module);
            var latencies = new ArrayList<Long>();
            for (int i = 0; i < 5; i++) {
                var s = start(bytes, engine, 16, Grants.NONE);
                assertTrue(s.instantiated().await(60, TimeUnit.SECONDS));
                Thread.sleep(50); // time that passes on purpose: the loop must not end on its own
                // meanwhile
                assertFalse(s.outcome().isDone(), module + " ended on its own");
                assertTrue(s.run().stop(Duration.ofSeconds(5)), module + " did not stop");
                assertInstanceOf(ModuleRun.Interrupted.class, outcome(s));
                latencies.add(s.run().stopLatencyNanos());
            }
            Collections.sort(latencies);
            long medianMs = TimeUnit.NANOSECONDS.toMillis(latencies.get(2));
            assertTrue(
                    medianMs < 100,
                    module
                            + " on "
                            + engine
                            + ": median stop latency "
                            + medianMs
                            + " ms "
                            + latencies);
            assertTrue(
                    latencies.get(4) < TimeUnit.SECONDS.toNanos(1),
                    module + ": worst stop " + latencies);
        }
    }

    @Test
    void procExitCodeIsTheOutcome() throws Exception {
        assertEquals(
                new ModuleRun.Exited(3),
                outcome(start(Modules.test("exit3.wasm"), Engine.COMPILED, 16, Grants.NONE)));
        assertEquals(
                new ModuleRun.Exited(3),
                outcome(start(Modules.test("exit3.wasm"), Engine.INTERPRETER, 16, Grants.NONE)));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTrapInStartAndATrapInTheStartFunctionAreToldApart(Engine engine) throws Exception {
        var div = outcome(start(Modules.test("div_zero.wasm"), engine, 16, Grants.NONE));
        var t = assertInstanceOf(ModuleRun.Trapped.class, div);
        assertFalse(t.inStart());
        assertTrue(t.why().toLowerCase().contains("divide by zero"), t.why());
        var start =
                assertInstanceOf(
                        ModuleRun.Trapped.class,
                        outcome(start(Modules.test("trap_start.wasm"), engine, 16, Grants.NONE)));
        assertTrue(start.inStart());
        assertTrue(start.why().contains("unreachable"), start.why());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void memoryGrowsUpToTheLimitAndNoFurther(Engine engine) throws Exception {
        // grow.wasm grows a page at a time until memory.grow fails and exits with its size in MiB
        assertEquals(
                new ModuleRun.Exited(2),
                outcome(start(Modules.test("grow.wasm"), engine, 32, Grants.NONE)));
        assertEquals(
                new ModuleRun.Exited(5),
                outcome(start(Modules.test("grow.wasm"), engine, 80, Grants.NONE)));
    }

    @Test
    void anImportOfTheWrongTypeFailsInstantiationWithOneLine() throws Exception {
        var f =
                assertInstanceOf(
                        ModuleRun.Failed.class,
                        outcome(
                                start(
                                        Modules.test("wrong_type.wasm"),
                                        Engine.COMPILED,
                                        16,
                                        Grants.NONE)));
        assertFalse(f.why().contains("\n"), f.why());
        assertTrue(f.why().contains("fd_write"), f.why());
    }
}
