package honk.net.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import honk.actors.MailboxMeter;
import honk.actors.ProcessInfo;

import java.util.List;

/**
 * A process as the API shows it: what {@code ps} shows, plus its path, mailbox (depth, waits) and
 * processing times as measured inside the process, last failure and pending backoff. Durations are
 * in microseconds (mailbox, processing) or milliseconds (uptime, backoff).
 */
final class ProcJson {
    private ProcJson() {}

    static ObjectNode list(List<ProcessInfo> procs, long nowMillis) {
        ArrayNode items = Json.array();
        procs.forEach(p -> items.add(process(p, nowMillis)));
        ObjectNode out = Json.object().put("count", procs.size());
        out.set("processes", items);
        return out;
    }

    static ObjectNode process(ProcessInfo p, long nowMillis) {
        ObjectNode o =
                Json.object()
                        .put("pid", p.pid())
                        .put("name", p.name())
                        .put("kind", p.kind().label())
                        .put("state", p.state().label())
                        .put("restart", p.restartPolicy())
                        .put("restarts", p.restarts())
                        .put("messages", p.messages())
                        .put("startedAt", Json.time(p.startedAtMillis()))
                        .put("path", p.path())
                        .put("shard", p.shard());
        o.set("caps", strings(p.caps()));
        o.set("args", strings(p.args()));
        if (p.state().isFinal()) {
            o.putNull("uptimeMillis");
            o.put("exitReason", p.exitReason());
        } else {
            o.put("uptimeMillis", Math.max(0, nowMillis - p.startedAtMillis()));
            o.putNull("exitReason");
        }
        if (p.lastFailure().isEmpty()) {
            o.putNull("lastFailure");
        } else {
            o.set(
                    "lastFailure",
                    Json.object()
                            .put("cause", p.lastFailure())
                            .put("at", Json.time(p.lastFailureAtMillis())));
        }
        if (p.restartAtMillis() == 0) {
            o.putNull("backoff");
        } else {
            o.set(
                    "backoff",
                    Json.object()
                            .put("delayMillis", p.backoffMillis())
                            .put("restartAt", Json.time(p.restartAtMillis()))
                            .put("dueInMillis", Math.max(0, p.restartAtMillis() - nowMillis)));
        }
        o.set("mailbox", mailbox(p.meter()));
        o.set("processing", processing(p.meter()));
        return o;
    }

    static ObjectNode mailbox(MailboxMeter.Reading m) {
        return Json.object()
                .put("depth", m.depth())
                .put("enqueued", m.enqueued())
                .put("dequeued", m.dequeued())
                .put("meanWaitMicros", micros(m.meanWaitNanos()))
                .put("maxWaitMicros", micros(m.maxWaitNanos()));
    }

    static ObjectNode processing(MailboxMeter.Reading m) {
        return Json.object()
                .put("handled", m.handled())
                .put("meanMicros", micros(m.meanProcessingNanos()))
                .put("maxMicros", micros(m.maxProcessingNanos()))
                .put("totalMicros", micros(m.processingNanos()));
    }

    static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    private static ArrayNode strings(Iterable<String> values) {
        ArrayNode a = Json.array();
        values.forEach(a::add);
        return a;
    }
}
