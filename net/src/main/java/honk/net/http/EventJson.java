package honk.net.http;

import akka.http.javadsl.model.sse.ServerSentEvent;

import com.fasterxml.jackson.databind.node.ObjectNode;

import honk.actors.ProcessEvent;
import honk.actors.kernel.LoggedEvent;
import honk.supervision.SupervisorReport;

/**
 * A kernel-log entry as a Server-Sent Event: {@code id} is the log id (what {@code ?since=} and
 * {@code Last-Event-ID} resume after), {@code event} the kind (spawned, crashed, restarted,
 * stopped, killed, failed, or supervisor for a supervisor report), {@code data} one JSON object.
 */
final class EventJson {
    private EventJson() {}

    static ServerSentEvent sse(LoggedEvent e) {
        ObjectNode o = of(e);
        return ServerSentEvent.create(
                new String(Json.bytes(o), java.nio.charset.StandardCharsets.UTF_8),
                o.get("type").asText(),
                Long.toString(e.id()));
    }

    static ObjectNode of(LoggedEvent e) {
        ObjectNode o = Json.object().put("id", e.id()).put("at", Json.time(e.atMillis()));
        switch (e.event()) {
            case ProcessEvent p -> {
                o.put("type", EventCounters.kind(p)).put("pid", p.pid()).put("name", p.name());
                switch (p) {
                    case ProcessEvent.Crashed c -> o.put("cause", c.cause());
                    case ProcessEvent.Failed f -> o.put("cause", f.reason());
                    case ProcessEvent.Restarted r -> o.put("restarts", r.restarts());
                    default -> {}
                }
            }
            case SupervisorReport r ->
                    o.put("type", "supervisor")
                            .put("supervisor", r.supervisor())
                            .put("context", r.context())
                            .put("offender", r.offender())
                            .put("reason", r.reason());
            default -> o.put("type", "other");
        }
        return o.put("text", e.text());
    }
}
