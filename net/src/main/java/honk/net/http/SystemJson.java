package honk.net.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import honk.actors.ProcessInfo;
import honk.actors.ProcessState;
import honk.actors.kernel.Kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Properties;

/**
 * {@code GET /api/system}: the board, harts, uptime, memory, versions and process counts, read at
 * the request.
 */
final class SystemJson {
    /** honk's version, from the build (version.properties, filtered by Maven). */
    static final String HONK_VERSION = honkVersion();

    private SystemJson() {}

    static ObjectNode of(Kernel kernel, List<ProcessInfo> procs) {
        ObjectNode o =
                Json.object()
                        .put("board", kernel.board().name())
                        .put("harts", kernel.board().harts())
                        .put("bootedAt", Json.time(kernel.bootMillis()))
                        .put("uptimeMillis", (System.nanoTime() - kernel.bootNanos()) / 1_000_000);
        o.set("memory", memory(kernel));
        o.set(
                "jvm",
                Json.object()
                        .put("version", Runtime.version().toString())
                        .put("vendor", System.getProperty("java.vm.vendor"))
                        .put("vm", System.getProperty("java.vm.name")));
        o.set("honk", Json.object().put("version", HONK_VERSION));
        o.set("processes", counts(procs));
        return o;
    }

    private static ObjectNode memory(Kernel kernel) {
        var mx = ManagementFactory.getMemoryMXBean();
        ObjectNode m = Json.object();
        m.set("heap", usage(mx.getHeapMemoryUsage()));
        m.set("nonHeap", usage(mx.getNonHeapMemoryUsage()));
        m.set(
                "ram",
                Json.object()
                        .put("totalBytes", kernel.board().ramTotalBytes())
                        .put("availableBytes", kernel.board().ramAvailableBytes()));
        return m;
    }

    private static ObjectNode usage(MemoryUsage u) {
        return Json.object()
                .put("usedBytes", u.getUsed())
                .put("committedBytes", u.getCommitted())
                .put("maxBytes", u.getMax());
    }

    private static ObjectNode counts(List<ProcessInfo> procs) {
        ObjectNode byState = Json.object();
        for (ProcessState s : ProcessState.values()) {
            byState.put(s.label(), procs.stream().filter(p -> p.state() == s).count());
        }
        ObjectNode o = Json.object().put("total", procs.size());
        o.set("byState", byState);
        return o;
    }

    private static String honkVersion() {
        try (InputStream in = SystemJson.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            var p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
