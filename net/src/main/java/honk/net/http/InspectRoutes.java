package honk.net.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterOptional;

import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.server.Route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import honk.actors.ProcessTable;
import honk.actors.kernel.Kernel;
import honk.supervision.Supervisor;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The read-only views that are not about one process: {@code /api/system}, {@code /api/tree},
 * {@code /api/deadletters} and {@code /metrics}. Each asks the live actors (shards, the system
 * supervisor, the event counters) at the time of the request and renders what they answered.
 */
final class InspectRoutes {
    static final ContentType PROMETHEUS =
            ContentTypes.parse("text/plain; version=0.0.4; charset=UTF-8");

    private final HttpSetup setup;
    private final Kernel kernel;

    InspectRoutes(HttpSetup setup) {
        this.setup = setup;
        this.kernel = setup.kernel();
    }

    Route system() {
        return onSuccess(kernel.table().list(), procs -> Json.ok(SystemJson.of(kernel, procs)));
    }

    Route tree() {
        var services = services().toCompletableFuture();
        var procs = kernel.table().list().toCompletableFuture();
        return onSuccess(
                CompletableFuture.allOf(services, procs),
                done -> Json.ok(TreeJson.of(kernel, services.join(), procs.join())));
    }

    Route deadLetters() {
        return parameterOptional(
                "limit",
                limit -> {
                    int n = limit(limit);
                    return onSuccess(
                            counts(),
                            c -> {
                                ArrayNode recent = Json.array();
                                c.recent().stream()
                                        .limit(n)
                                        .forEach(d ->
                                                recent.add(
                                                        Json.object()
                                                                .put("at", Json.time(d.atMillis()))
                                                                .put("kind", d.kind())
                                                                .put(
                                                                        "sender",
                                                                        d.sender().isEmpty()
                                                                                ? null
                                                                                : d.sender())
                                                                .put("recipient", d.recipient())
                                                                .put("message", d.message())
                                                                .put(
                                                                        "reason",
                                                                        d.reason().isEmpty()
                                                                                ? null
                                                                                : d.reason())));
                                ObjectNode o =
                                        Json.object()
                                                .put("total", c.deadLetters())
                                                .put("kept", EventCounters.KEPT);
                                ObjectNode kinds = Json.object();
                                EventCounters.KINDS.forEach(
                                        k -> kinds.put(k, c.byKind().getOrDefault(k, 0L)));
                                o.set("byKind", kinds);
                                o.set("recent", recent);
                                return Json.ok(o);
                            });
                });
    }

    Route metrics() {
        var services = services().toCompletableFuture();
        var procs = kernel.table().list().toCompletableFuture();
        var counts = counts().toCompletableFuture();
        return onSuccess(
                CompletableFuture.allOf(services, procs, counts),
                done ->
                        complete(
                                HttpEntities.create(
                                        PROMETHEUS,
                                        PrometheusText.render(
                                                        kernel,
                                                        procs.join(),
                                                        services.join(),
                                                        counts.join())
                                                .getBytes(
                                                        java.nio.charset.StandardCharsets.UTF_8))));
    }

    private CompletionStage<Supervisor.Children> services() {
        return AskPattern.ask(
                kernel.services(),
                Supervisor.GetChildren::new,
                ProcessTable.ASK_TIMEOUT,
                kernel.system().scheduler());
    }

    private CompletionStage<EventCounters.Counts> counts() {
        var ref = setup.counters().current();
        if (ref == null) {
            return CompletableFuture.failedFuture(
                    ApiError.unavailable("the event counters are restarting; try again"));
        }
        return AskPattern.ask(
                ref, EventCounters.Get::new, ProcessTable.ASK_TIMEOUT, kernel.system().scheduler());
    }

    private static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return EventCounters.KEPT;
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n >= 0) {
                return Math.min(n, EventCounters.KEPT);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(
                "limit '" + text.get() + "' is not a count (0.." + EventCounters.KEPT + ")");
    }
}
