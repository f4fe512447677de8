package honk.net.http;

import static akka.http.javadsl.server.Directives.completeOK;
import static akka.http.javadsl.server.Directives.optionalHeaderValueByName;
import static akka.http.javadsl.server.Directives.parameterOptional;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.marshalling.sse.EventStreamMarshalling;
import akka.http.javadsl.model.sse.ServerSentEvent;
import akka.http.javadsl.server.Route;
import akka.stream.CompletionStrategy;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Source;

import honk.actors.kernel.Kernel;
import honk.actors.kernel.KernelLog;
import honk.actors.kernel.LoggedEvent;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /api/events}: the kernel log's lifecycle events as Server-Sent Events. The stream
 * follows the live log: the entries after {@code ?since=ID} (or the {@code Last-Event-ID} a
 * reconnecting browser sends) first, then each new one as it is logged, with a heartbeat comment
 * every 15 s. A client that falls more than a log's worth behind is cut off and resumes with its
 * last id; the stream ends when the log restarts (ids go on across a restart, so resuming with the
 * last id never repeats or skips a later entry).
 */
final class EventRoutes {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** Room for a whole log of backlog plus the live entries a slow client lets pile up. */
    static final int BUFFER = KernelLog.CAPACITY + 1024;

    private final Kernel kernel;

    EventRoutes(Kernel kernel) {
        this.kernel = kernel;
    }

    Route route() {
        return parameterOptional(
                "since",
                since ->
                        optionalHeaderValueByName(
                                "Last-Event-ID",
                                last -> {
                                    long after = after(last.isPresent() ? last : since);
                                    ActorRef<KernelLog.Command> log = kernel.log().current();
                                    if (log == null) {
                                        throw ApiError.unavailable(
                                                "the kernel log is restarting; try again");
                                    }
                                    return completeOK(
                                            source(log, after),
                                            EventStreamMarshalling.toEventStream());
                                }));
    }

    static Source<ServerSentEvent, NotUsed> source(ActorRef<KernelLog.Command> log, long after) {
        return Source.<KernelLog.Update>actorRef(
                        m ->
                                m instanceof KernelLog.Closed
                                        ? Optional.of(CompletionStrategy.draining())
                                        : Optional.empty(),
                        m -> Optional.empty(),
                        BUFFER,
                        OverflowStrategy.fail())
                .mapMaterializedValue(ref -> {
                    log.tell(new KernelLog.Follow(after, Adapter.toTyped(ref)));
                    return NotUsed.notUsed();
                })
                .collectType(LoggedEvent.class)
                .map(EventJson::sse)
                .keepAlive(HEARTBEAT, ServerSentEvent::heartbeat);
    }

    /** -1 (live only) without a position; else the id to resume after. */
    static long after(Optional<String> position) {
        if (position.isEmpty() || position.get().isBlank()) {
            return -1;
        }
        try {
            long id = Long.parseLong(position.get().strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(
                "since '" + position.get() + "' is not an event id (0 replays every kept event)");
    }
}
