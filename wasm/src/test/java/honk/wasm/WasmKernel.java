package honk.wasm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.ProcessInfo;
import honk.actors.ProcessState;
import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.StorageServices;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.fs.FsPath;
import honk.storage.fs.FsProtocol;
import honk.storage.fs.FsService;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole kernel booted on fakes (a 48 MiB memory disk, no core) with modules and files put into
 * its filesystem.
 */
final class WasmKernel implements AutoCloseable {
    private static final Pattern PID = Pattern.compile("as pid (\\d+)");

    final BootedKernel k;

    WasmKernel() throws Exception {
        var disk = new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096) + 2048);
        var registry = new Registry();
        registry.put(BlockDevices.class, () -> CompletableFuture.<BlockPort>completedFuture(disk));
        k = BootedKernel.boot(2, registry, new StorageServices(), new WasmServices());
    }

    void put(String path, byte[] data) throws Exception {
        var fs = k.kernel.registry().get(FsService.class).orElseThrow();
        var reply =
                fs.write(FsPath.parse(path), data).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(reply instanceof FsProtocol.Done, "put " + path + ": " + reply);
    }

    void put(String path, String text) throws Exception {
        put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    String get(String path) throws Exception {
        var fs = k.kernel.registry().get(FsService.class).orElseThrow();
        var reply =
                fs.read(FsPath.parse(path), 0, FsProtocol.Read.WHOLE)
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
        return reply instanceof FsProtocol.ReadOk ok
                ? new String(ok.data(), StandardCharsets.UTF_8)
                : reply.toString();
    }

    /** What a run that ended printed, and how it ended. */
    record Ended(String started, List<String> output, ProcessInfo info) {}

    static long pid(String startedLine) {
        Matcher m = PID.matcher(startedLine);
        assertTrue(m.find(), "no pid in: " + startedLine);
        return Long.parseLong(m.group(1));
    }

    /**
     * Runs {@code line} (a {@code wasm} or {@code run}), waits for the process to end, and returns
     * what it printed.
     */
    Ended runToEnd(String line) throws Exception {
        int mark = k.console.size();
        List<String> out = k.sh(line);
        String started =
                out.stream()
                        .filter(l -> l.contains(" as pid "))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("'" + line + "' did not start: " + out));
        long pid = pid(started);
        ProcessInfo info =
                k.kernel
                        .table()
                        .awaitExit(pid, Duration.ofSeconds(60))
                        .toCompletableFuture()
                        .get(70, TimeUnit.SECONDS)
                        .orElseThrow();
        // the shell's line for a crash (an exit code gets none): wait for it, and leave it out
        String crashLine = "pid " + pid + " ";
        if (info.state() == ProcessState.CRASHED
                && !info.exitReason().startsWith("WasmExitException")) {
            k.console.awaitLine(mark, l -> l.startsWith(crashLine), Duration.ofSeconds(20));
        }
        var printed =
                k.console.linesFrom(mark).stream()
                        .filter(l -> !l.equals(started) && !l.startsWith("--done-"))
                        .filter(l -> !l.startsWith(crashLine))
                        .toList();
        return new Ended(started, printed, info);
    }

    @Override
    public void close() throws Exception {
        k.close();
    }
}
