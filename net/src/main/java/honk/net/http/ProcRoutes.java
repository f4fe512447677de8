package honk.net.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.delete;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.respondWithHeader;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;

import com.fasterxml.jackson.databind.JsonNode;

import honk.actors.ProcessInfo;
import honk.actors.ProcessShard;
import honk.actors.ProcessTable;
import honk.actors.Text;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/procs}: list and spawn; {@code /api/procs/{pid}}: show and kill; {@code
 * /api/procs/{pid}/messages}: deliver text, as {@code send} does. Every answer comes from the
 * process table's shards at the time of the request. Mutations need the token.
 */
final class ProcRoutes {
    private static final String MESSAGE_EXAMPLE = "{\"text\": \"hello\"}";

    private final HttpSetup setup;
    private final ProcessTable table;

    ProcRoutes(HttpSetup setup) {
        this.setup = setup;
        this.table = setup.kernel().table();
    }

    Route route() {
        return concat(
                pathEnd(() ->
                        concat(
                                get(this::list),
                                post(() ->
                                        Guard.authorized(
                                                setup.token(),
                                                () ->
                                                        Body.json(
                                                                SpawnRequest.EXAMPLE,
                                                                this::spawn))))),
                pathPrefix(segment -> {
                    long pid = pid(segment);
                    return concat(
                            pathEnd(() ->
                                    concat(
                                            get(() -> show(pid)),
                                            delete(() ->
                                                    Guard.authorized(
                                                            setup.token(), () -> kill(pid))))),
                            path(
                                    "messages",
                                    () ->
                                            post(() ->
                                                    Guard.authorized(
                                                            setup.token(),
                                                            () ->
                                                                    Body.json(
                                                                            MESSAGE_EXAMPLE,
                                                                            body ->
                                                                                    send(
                                                                                            pid,
                                                                                            body))))));
                }));
    }

    private Route list() {
        return onSuccess(
                table.list(), procs -> Json.ok(ProcJson.list(procs, System.currentTimeMillis())));
    }

    private Route show(long pid) {
        return onSuccess(
                table.get(pid),
                found ->
                        Json.ok(
                                ProcJson.process(
                                        existing(pid, found), System.currentTimeMillis())));
    }

    private Route spawn(JsonNode body) {
        long pid = table.spawn(SpawnRequest.parse(body, setup.kernel()));
        return respondWithHeader(
                Location.create("/api/procs/" + pid),
                () -> Json.status(StatusCodes.CREATED, Json.object().put("pid", pid)));
    }

    private Route kill(long pid) {
        CompletionStage<ProcessShard.KillResult> result =
                table.get(pid)
                        .thenCompose(found -> {
                            if (existing(pid, found).state().isFinal()) {
                                throw ended(found.get());
                            }
                            return table.kill(pid);
                        });
        return onSuccess(
                result,
                r ->
                        switch (r) {
                            case ProcessShard.KillDone d -> complete(StatusCodes.NO_CONTENT);
                            // it ended, or was reaped, between the look and the kill
                            case ProcessShard.KillRejected x ->
                                    onSuccess(
                                            table.get(pid),
                                            again -> {
                                                throw ended(existing(pid, again));
                                            });
                        });
    }

    private Route send(long pid, JsonNode body) {
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || body.size() != 1) {
            throw ApiError.badRequest(
                    "the body must be " + MESSAGE_EXAMPLE + " (one field, 'text', a string)");
        }
        return onSuccess(
                table.send(pid, new Text(text.asText())),
                delivery ->
                        switch (delivery) {
                            case DELIVERED ->
                                    Json.status(
                                            StatusCodes.ACCEPTED,
                                            Json.object().put("pid", pid).put("delivered", true));
                            case NO_PROCESS -> throw noProcess(pid);
                            case NOT_RUNNING ->
                                    onSuccess(
                                            table.get(pid),
                                            now -> {
                                                throw ApiError.conflict(
                                                        "process "
                                                                + pid
                                                                + " is not running now ("
                                                                + now.map(p -> p.state().label())
                                                                        .orElse("gone")
                                                                + "); messages are refused until it"
                                                                + " is");
                                            });
                        });
    }

    static long pid(String segment) {
        try {
            long pid = Long.parseLong(segment);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(
                "'" + segment + "' is not a PID (a positive number; GET /api/procs lists them)");
    }

    private static ProcessInfo existing(long pid, Optional<ProcessInfo> found) {
        return found.orElseThrow(() -> noProcess(pid));
    }

    private static ApiError noProcess(long pid) {
        return ApiError.notFound("no process " + pid + " (GET /api/procs lists them)");
    }

    private static ApiError ended(ProcessInfo p) {
        return ApiError.conflict(
                "process " + p.pid() + " has already ended (" + p.state().label() + ")");
    }
}
