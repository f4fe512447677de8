package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

/** Loading modules: the checks that refuse bad ones in one line, and the cache by content hash. */
@Timeout(60)
class ModuleCacheTest {
    private final ModuleCache cache = new ModuleCache();

    private String refusal(byte[] bytes) {
        var e =
                assertThrows(
                        BadModuleException.class,
                        () -> cache.load("m.wasm", bytes, Engine.COMPILED));
        assertTrue(!e.getMessage().contains("\n"), "not one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void emptyTruncatedAndGarbageBytesAreNotModules() {
        assertTrue(
                refusal(new byte[0]).startsWith("m.wasm: not a valid WebAssembly module ("),
                refusal(new byte[0]));
        byte[] hello = Modules.bin("hello.wasm");
        assertTrue(
                refusal(Arrays.copyOf(hello, hello.length - 7))
                        .startsWith("m.wasm: not a valid WebAssembly module"));
        assertTrue(
                refusal("#!/bin/sh\necho hi\n".getBytes())
                        .startsWith("m.wasm: not a valid WebAssembly module"));
    }

    @Test
    void anImportHonkDoesNotProvideIsRefusedByName() {
        assertEquals(
                "m.wasm: imports env.launch_missiles, which honk does not provide (only the"
                        + " functions of wasi_snapshot_preview1)",
                refusal(Modules.test("unlinkable.wasm")));
    }

    @Test
    void aLibraryWithoutStartIsRefused() {
        assertEquals(
                "m.wasm: exports no _start function (honk runs WASI commands: build with a main)",
                refusal(Modules.test("no_start.wasm")));
    }

    @Test
    void theSameBytesAreParsedAndCompiledOnceWhateverTheirName() {
        var a = cache.load("a.wasm", Modules.bin("wc.wasm"), Engine.COMPILED);
        var b = cache.load("b.wasm", Modules.bin("wc.wasm"), Engine.COMPILED);
        assertSame(a, b);
        assertEquals(Engine.COMPILED, a.engine());
        assertEquals(64, a.sha256().length());
        var interpreted = cache.load("a.wasm", Modules.bin("wc.wasm"), Engine.INTERPRETER);
        assertEquals(Engine.INTERPRETER, interpreted.engine());
        assertEquals(2, cache.size());
    }
}
