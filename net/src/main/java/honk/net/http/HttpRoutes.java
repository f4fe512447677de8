package honk.net.http;

import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.handleRejections;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.actor.typed.javadsl.Adapter;
import akka.event.Logging;
import akka.http.javadsl.server.Route;

/**
 * The map of the HTTP API. Read-only endpoints are open; mutating ones ({@code POST}, {@code
 * DELETE}) pass {@link Guard}. Every error, ours or Akka HTTP's, is a JSON object.
 *
 * <pre>
 * GET    /                          the dashboard page
 * GET    /api/system                board, harts, uptime, memory, versions, process counts
 * GET    /api/procs                 every process (as ps, plus mailbox and timings)
 * POST   /api/procs                 spawn: {"program", "args", "restart", "caps"} -> 201 {"pid"}
 * GET    /api/procs/{pid}           one process
 * DELETE /api/procs/{pid}           kill -> 204
 * POST   /api/procs/{pid}/messages  deliver {"text"} -> 202
 * GET    /api/tree                  the live supervision tree
 * GET    /api/events[?since=ID]     lifecycle events, Server-Sent Events
 * GET    /api/deadletters[?limit=N] dead-letter count and the last ones
 * GET    /metrics                   Prometheus text format
 * </pre>
 */
final class HttpRoutes {
    private final HttpSetup setup;

    HttpRoutes(HttpSetup setup) {
        this.setup = setup;
    }

    Route route() {
        var log = Logging.getLogger(Adapter.toClassic(setup.kernel().system()), this);
        var inspect = new InspectRoutes(setup);
        var procs = new ProcRoutes(setup);
        var events = new EventRoutes(setup.kernel());
        return handleExceptions(
                ErrorResponses.exceptions(log),
                () ->
                        handleRejections(
                                ErrorResponses.rejections(),
                                () ->
                                        concat(
                                                get(WebRoutes::route),
                                                pathPrefix(
                                                        "api", () -> api(inspect, procs, events)),
                                                path("metrics", () -> get(inspect::metrics)))));
    }

    /** Everything under {@code /api}. */
    private static Route api(InspectRoutes inspect, ProcRoutes procs, EventRoutes events) {
        return concat(
                path("system", () -> get(inspect::system)),
                pathPrefix("procs", procs::route),
                path("tree", () -> get(inspect::tree)),
                path("events", () -> get(events::route)),
                path("deadletters", () -> get(inspect::deadLetters)));
    }
}
