package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import honk.actors.ProcessState;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * Every WASI call honk implements, granted and denied, through a C program built with wasi-libc
 * (src/test/c/probe.c) run as a process: what it printed and how it ended. A denial is the errno a
 * program expects, never a crash of honk.
 */
@Timeout(300)
class WasiGrantsTest {
    private static WasmKernel w;

    @BeforeAll
    static void boot() throws Exception {
        w = new WasmKernel();
        w.put("/bin/probe.wasm", Modules.test("probe.wasm"));
        w.put("/data/notes.txt", "honk notes\nline two\n");
        w.put("/data/sub/deep.txt", "deep");
        w.put("/secret/key", "do not read");
    }

    @AfterAll
    static void halt() throws Exception {
        w.close();
    }

    private static List<String> out(String line) throws Exception {
        return w.runToEnd(line).output();
    }

    private static String reason(String line) throws Exception {
        var end = w.runToEnd(line);
        return end.info().state() == ProcessState.STOPPED ? "stopped" : end.info().exitReason();
    }

    @Test
    void argsAreTheWordsTypedOnlyWithTheArgsGrant() throws Exception {
        assertEquals(
                List.of("arg 1: args", "arg 2: a", "arg 3: two words"),
                out("wasm probe.wasm args a 'two words'"));
        // wasi-libc's start-up exits with EX_OSERR (71) when args_sizes_get is refused
        assertEquals(
                "WasmExitException: exit code 71", reason("wasm probe.wasm args --caps=console"));
    }

    @Test
    void theEnvironmentIsWhatEnvGivesOnlyWithTheEnvGrant() throws Exception {
        assertEquals(
                List.of("env: 1 vars, GREETING=hi"), out("wasm probe.wasm env --env=GREETING=hi"));
        assertEquals(
                List.of("environ: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm env --env=GREETING=hi --caps=console,args"));
    }

    @Test
    void clocksAndRandomNeedTheirGrants() throws Exception {
        assertEquals(
                List.of("clock: after 2020: yes, monotonic: yes"),
                out("wasm probe.wasm clock --caps=console,args,clock"));
        assertEquals(
                List.of("clock: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm clock"));
        assertEquals(
                List.of("random: two draws differ: yes"),
                out("wasm probe.wasm random --caps=console,args,random"));
        assertEquals(
                List.of("random: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm random"));
    }

    @Test
    void withoutTheConsoleStdoutIsAClosedDescriptor() throws Exception {
        assertEquals(
                "WasmExitException: exit code 108",
                reason("wasm probe.wasm stdout --caps=args")); // 100 + EBADF
        assertEquals(List.of("to stdout"), out("wasm probe.wasm stdout"));
    }

    @Test
    void aGrantedDirectoryIsReadableAndNothingOutsideIt() throws Exception {
        String ro = " --caps=console,args,files:/data:ro";
        assertEquals(
                List.of("read 20 bytes: honk notes", "line two", ""),
                out("wasm probe.wasm read /data/notes.txt" + ro));
        assertEquals(
                List.of("from 5: notes", "line two", " (size 20)"),
                out("wasm probe.wasm seek /data/notes.txt 5" + ro));
        assertEquals(
                List.of("/data/notes.txt: file, 20 bytes"),
                out("wasm probe.wasm stat /data/notes.txt" + ro));
        assertEquals(
                List.of("/data/sub: directory, 0 bytes"),
                out("wasm probe.wasm stat /data/sub" + ro));
        assertEquals(
                List.of("notes.txt", "sub/"),
                out("wasm probe.wasm ls /data" + ro).stream()
                        .filter(l -> !l.startsWith("."))
                        .toList());
        assertEquals(
                List.of("/data/nope: errno 44 (No such file or directory)"),
                out("wasm probe.wasm read /data/nope" + ro));
        assertEquals(
                List.of("/secret/key: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm read /secret/key" + ro));
        assertEquals(
                List.of("/data/../secret/key: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm read /data/../secret/key" + ro));
        assertEquals(
                List.of("/data/notes.txt: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm read /data/notes.txt"));
    }

    @Test
    void aReadOnlyGrantRefusesEveryChange() throws Exception {
        String ro = " --caps=console,args,files:/data:ro";
        assertEquals(
                List.of("/data/new.txt: errno 2 (Permission denied)"),
                out("wasm probe.wasm write /data/new.txt x" + ro));
        assertEquals(
                List.of("/data/notes.txt: errno 2 (Permission denied)"),
                out("wasm probe.wasm append /data/notes.txt x" + ro));
        assertEquals(
                List.of("/data/notes.txt: errno 2 (Permission denied)"),
                out("wasm probe.wasm rm /data/notes.txt" + ro));
        assertEquals("honk notes\nline two\n", w.get("/data/notes.txt"));
    }

    @Test
    void aReadWriteGrantWritesAppendsAndRemovesThroughTheFilesystem() throws Exception {
        String rw = " --caps=console,args,files:/data";
        assertEquals(
                List.of("wrote 5 bytes to /data/out.txt"),
                out("wasm probe.wasm write /data/out.txt hello" + rw));
        assertEquals("hello", w.get("/data/out.txt"));
        assertEquals(
                List.of("wrote 6 bytes to /data/out.txt"),
                out("wasm probe.wasm append /data/out.txt ' world'" + rw));
        assertEquals("hello world", w.get("/data/out.txt"));
        assertEquals(
                List.of("removed /data/out.txt"), out("wasm probe.wasm rm /data/out.txt" + rw));
        assertEquals(
                List.of("/data/out.txt: errno 44 (No such file or directory)"),
                out("wasm probe.wasm read /data/out.txt" + rw));
        assertEquals(
                List.of("/secret/x: errno 76 (Capabilities insufficient)"),
                out("wasm probe.wasm write /secret/x y" + rw));
    }

    @Test
    void theWholeTreeGrantIsPreopenedAsRoot() throws Exception {
        assertEquals(
                List.of("read 11 bytes: do not read"),
                out("wasm probe.wasm read /secret/key --caps=console,args,files:ro"));
    }

    @Test
    void psShowsTheCapabilityNamesAModuleHolds() throws Exception {
        long pid =
                WasmKernel.pid(
                        w.k.sh("wasm probe.wasm stdin --caps=console,files:/data:ro,clock")
                                .getFirst());
        String row =
                w.k.sh("ps").stream()
                        .filter(l -> l.startsWith(pid + " "))
                        .findFirst()
                        .orElseThrow();
        assertEquals(true, row.contains(" clock,console,files:/data:ro "), row);
        w.k.sh("kill " + pid);
    }
}
