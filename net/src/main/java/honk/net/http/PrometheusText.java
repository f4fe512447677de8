package honk.net.http;

import honk.actors.MailboxMeter;
import honk.actors.MailboxMeters;
import honk.actors.ProcessInfo;
import honk.actors.ProcessState;
import honk.actors.kernel.Kernel;
import honk.supervision.Supervisor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /metrics} in the Prometheus text exposition format (version 0.0.4): processes by
 * state, lifecycle counters since boot (restarts, crashes), dead letters, each process's mailbox
 * depth, messages and times (rates come from Prometheus's {@code rate()} over the counters), the
 * services' restarts and mailbox depth, JVM memory and GC.
 */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {}

    static String render(
            Kernel kernel,
            List<ProcessInfo> procs,
            Supervisor.Children services,
            EventCounters.Counts counts) {
        var t = new PrometheusText();
        t.processes(procs);
        t.lifecycle(counts);
        t.perProcess(procs);
        t.services(kernel, services);
        t.jvm(kernel);
        return t.out.toString();
    }

    private void processes(List<ProcessInfo> procs) {
        family("honk_processes", "gauge", "Processes in the process table, by state.");
        for (ProcessState s : ProcessState.values()) {
            sample(
                    "honk_processes",
                    "state",
                    s.label(),
                    procs.stream().filter(p -> p.state() == s).count());
        }
    }

    private void lifecycle(EventCounters.Counts counts) {
        family(
                "honk_process_events_total",
                "counter",
                "Process lifecycle events since boot, by kind.");
        counts.lifecycle()
                .forEach((kind, n) -> sample("honk_process_events_total", "event", kind, n));
        family("honk_process_restarts_total", "counter", "Process restarts since boot.");
        sample("honk_process_restarts_total", counts.lifecycle().getOrDefault("restarted", 0L));
        family("honk_process_crashes_total", "counter", "Process crashes since boot.");
        sample("honk_process_crashes_total", counts.lifecycle().getOrDefault("crashed", 0L));
        family(
                "honk_dead_letters_total",
                "counter",
                "Messages Akka could not deliver, since boot, by kind"
                        + " (dead, dropped, unhandled, suppressed).");
        EventCounters.KINDS.forEach(kind ->
                sample(
                        "honk_dead_letters_total",
                        "kind",
                        kind,
                        counts.byKind().getOrDefault(kind, 0L)));
    }

    private void perProcess(List<ProcessInfo> procs) {
        family("honk_process_mailbox_depth", "gauge", "Messages waiting in a process's mailbox.");
        procs.forEach(p -> sample("honk_process_mailbox_depth", p, p.meter().depth()));
        family("honk_process_messages_total", "counter", "Messages a process has handled.");
        procs.forEach(p -> sample("honk_process_messages_total", p, p.meter().handled()));
        family(
                "honk_process_mailbox_wait_seconds_total",
                "counter",
                "Time a process's messages waited in its mailbox.");
        procs.forEach(p ->
                sample("honk_process_mailbox_wait_seconds_total", p, p.meter().waitNanos() / 1e9));
        family(
                "honk_process_processing_seconds_total",
                "counter",
                "Time a process spent handling messages.");
        procs.forEach(p ->
                sample(
                        "honk_process_processing_seconds_total",
                        p,
                        p.meter().processingNanos() / 1e9));
        family("honk_process_restarts", "gauge", "Restarts of each process in the table.");
        procs.forEach(p -> sample("honk_process_restarts", p, p.restarts()));
        family("honk_messages_total", "counter", "Messages handled by the processes in the table.");
        sample("honk_messages_total", procs.stream().mapToLong(p -> p.meter().handled()).sum());
    }

    private void services(Kernel kernel, Supervisor.Children services) {
        MailboxMeters meters = MailboxMeters.get(kernel.system());
        String base = kernel.services().path().toStringWithoutAddress() + "/";
        family(
                "honk_service_restarts",
                "gauge",
                "Restarts of each system service by its supervisor.");
        services.children()
                .forEach(c -> sample("honk_service_restarts", "service", c.id(), c.restarts()));
        family(
                "honk_service_mailbox_depth",
                "gauge",
                "Messages waiting in a system service's mailbox.");
        for (Supervisor.ChildStatus c : services.children()) {
            long depth =
                    meters.find(base + c.id())
                            .map(MailboxMeter::read)
                            .map(MailboxMeter.Reading::depth)
                            .orElse(0L);
            sample("honk_service_mailbox_depth", "service", c.id(), depth);
        }
    }

    private void jvm(Kernel kernel) {
        family("honk_uptime_seconds", "gauge", "Time since the kernel booted.");
        sample("honk_uptime_seconds", (System.nanoTime() - kernel.bootNanos()) / 1e9);
        var mx = ManagementFactory.getMemoryMXBean();
        family("jvm_memory_bytes_used", "gauge", "Used bytes of a JVM memory area.");
        memory(
                "jvm_memory_bytes_used",
                mx.getHeapMemoryUsage(),
                mx.getNonHeapMemoryUsage(),
                MemoryUsage::getUsed);
        family("jvm_memory_bytes_committed", "gauge", "Committed bytes of a JVM memory area.");
        memory(
                "jvm_memory_bytes_committed",
                mx.getHeapMemoryUsage(),
                mx.getNonHeapMemoryUsage(),
                MemoryUsage::getCommitted);
        family(
                "jvm_memory_bytes_max",
                "gauge",
                "Maximum bytes of a JVM memory area (-1: no limit).");
        memory(
                "jvm_memory_bytes_max",
                mx.getHeapMemoryUsage(),
                mx.getNonHeapMemoryUsage(),
                MemoryUsage::getMax);
        family("jvm_gc_collection_seconds_count", "counter", "Collections of a garbage collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sample(
                    "jvm_gc_collection_seconds_count",
                    "gc",
                    gc.getName(),
                    Math.max(0, gc.getCollectionCount()));
        }
        family("jvm_gc_collection_seconds_sum", "counter", "Time spent in a garbage collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sample(
                    "jvm_gc_collection_seconds_sum",
                    "gc",
                    gc.getName(),
                    Math.max(0, gc.getCollectionTime()) / 1e3);
        }
        family(
                "honk_ram_bytes",
                "gauge",
                "The machine's memory as the board reports it (-1: unknown).");
        sample("honk_ram_bytes", "kind", "total", kernel.board().ramTotalBytes());
        sample("honk_ram_bytes", "kind", "available", kernel.board().ramAvailableBytes());
    }

    private void memory(
            String name,
            MemoryUsage heap,
            MemoryUsage nonHeap,
            java.util.function.ToLongFunction<MemoryUsage> f) {
        sample(name, "area", "heap", f.applyAsLong(heap));
        sample(name, "area", "nonheap", f.applyAsLong(nonHeap));
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, double value) {
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private void sample(String name, String label, String labelValue, double value) {
        out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(escape(labelValue))
                .append("\"} ")
                .append(number(value))
                .append('\n');
    }

    private void sample(String name, ProcessInfo p, double value) {
        out.append(name)
                .append("{pid=\"")
                .append(p.pid())
                .append("\",name=\"")
                .append(escape(p.name()))
                .append("\"} ")
                .append(number(value))
                .append('\n');
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.9g", v);
    }

    /** Label values escape backslash, double quote and newline (the exposition format's rule). */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
