package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import honk.actors.kernel.LineCompleter;
import honk.actors.kernel.LineCompleter.Candidate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * Tab after {@code run} and {@code wasm}: the modules in /bin, by the names each command takes
 * (listing them reads names only, so the files here need not be modules).
 */
@Timeout(120)
class WasmCompletionTest {
    private static WasmKernel w;
    private static LineCompleter completer;

    @BeforeAll
    static void boot() throws Exception {
        w = new WasmKernel();
        w.put("/bin/hello.wasm", "not really a module");
        w.put("/bin/hexdump.wasm", "nor this");
        w.put("/bin/README", "not a module at all");
        completer = w.k.kernel.registry().get(LineCompleter.class).orElseThrow();
    }

    @AfterAll
    static void halt() throws Exception {
        w.close();
    }

    private static List<String> texts(String line) {
        return completer.complete(line, line.length()).candidates().stream()
                .map(Candidate::text)
                .toList();
    }

    @Test
    void runOffersTheModulesInBinBesideTheCompiledInPrograms() {
        assertEquals(List.of("hello", "hexdump"), texts("run he"));
        List<String> all = texts("run ");
        assertEquals(true, all.containsAll(List.of("hello", "idle", "ticker")), all.toString());
        assertEquals(false, all.contains("README"));
    }

    @Test
    void wasmOffersModuleFilesAndPathsForItsFileOnly() {
        assertEquals(List.of("hello.wasm", "hexdump.wasm"), texts("wasm he"));
        assertEquals(List.of("/bin/"), texts("wasm --caps=none /b"));
        assertEquals(List.of(), texts("wasm hello.wasm he"), "the module's own arguments are free");
    }
}
