package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import honk.actors.ProcessState;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The differential test: the same C-built modules, with the same arguments and the same files,
 * under Node.js's WASI (V8; Debian {@code nodejs}) and under honk (Chicory, honk's WASI, the files
 * in honk's filesystem granted as {@code files:/data:ro}); stdout and the exit code must agree.
 * honk's console carries stdout and stderr together, so where a run writes both, the lines are
 * compared without their order. Skipped, and said so, where no {@code node} is installed.
 */
@Timeout(600)
class NodeDifferentialTest {
    private static WasmKernel w;
    @TempDir static Path data;

    private static final byte[] BIG = new byte[300_000];

    @BeforeAll
    static void boot() throws Exception {
        new Random(42).nextBytes(BIG);
        w = new WasmKernel();
        for (String m : List.of("wc.wasm", "sha256sum.wasm")) {
            w.put("/bin/" + m, Modules.bin(m));
        }
        w.put("/bin/probe.wasm", Modules.test("probe.wasm"));
        file(
                "notes.txt",
                "honk notes\nline two\n\n  spaced   words here\n".getBytes(StandardCharsets.UTF_8));
        file("sub/deep.txt", "deep".getBytes(StandardCharsets.UTF_8));
        file("big.bin", BIG);
        w.put("/secret/key", "not granted");
    }

    private static void file(String name, byte[] bytes) throws Exception {
        Path p = data.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        w.put("/data/" + name, bytes);
    }

    @AfterAll
    static void halt() throws Exception {
        w.close();
    }

    record Result(List<String> stdout, List<String> stderr, int exit) {}

    static Result node(String module, List<String> args) throws IOException, InterruptedException {
        var cmd =
                new ArrayList<>(
                        List.of(
                                "node",
                                "--no-warnings",
                                "src/test/node/wasi-run.mjs",
                                Modules.ROOT
                                        .resolve(module.equals("probe.wasm") ? "test" : "bin")
                                        .resolve(module)
                                        .toString(),
                                data.toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("node did not finish: " + cmd);
        }
        return new Result(Files.readAllLines(out), Files.readAllLines(err), p.exitValue());
    }

    static boolean nodeHasWasi() {
        try {
            Process p =
                    new ProcessBuilder("node", "--no-warnings", "-e", "require('node:wasi')")
                            .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "wc.wasm /data/notes.txt /data/sub/deep.txt /data/big.bin",
                "wc.wasm /data/notes.txt /data/nope",
                "sha256sum.wasm /data/notes.txt /data/big.bin /data/sub/deep.txt",
                "sha256sum.wasm /data/big.bin /secret/key",
                "probe.wasm args one 'two words' three",
                "probe.wasm read /data/notes.txt",
                "probe.wasm seek /data/notes.txt 11",
                "probe.wasm stat /data/notes.txt", // (a directory's size is the host file system's
                // own on Node)
                "probe.wasm stat /data/big.bin",
                "probe.wasm read /data/../secret/key",
                "probe.wasm read /data/nope",
                "probe.wasm exit 7",
            })
    void nodeAndHonkAgreeOnOutputAndExitCode(String line) throws Exception {
        assumeTrue(nodeHasWasi(), "no node with node:wasi installed (apt-get install nodejs)");
        List<String> words = honk.actors.shell.CommandLine.split(line);
        Result node = node(words.getFirst(), words.subList(1, words.size()));
        var honk = w.runToEnd("wasm " + line + " --caps=console,args,files:/data:ro");
        int honkExit =
                honk.info().state() == ProcessState.STOPPED
                        ? 0
                        : Integer.parseInt(
                                honk.info()
                                        .exitReason()
                                        .replaceAll("WasmExitException: exit code (\\d+)", "$1"));
        assertEquals(
                node.exit(),
                honkExit,
                "exit code of " + line + " (honk: " + honk.info().exitReason() + ")");
        var expected = new ArrayList<>(node.stdout());
        expected.addAll(node.stderr());
        var actual = new ArrayList<>(honk.output());
        if (!node.stdout().isEmpty() && !node.stderr().isEmpty()) {
            expected.sort(null);
            actual.sort(null);
        }
        assertEquals(expected, actual, line);
    }
}
