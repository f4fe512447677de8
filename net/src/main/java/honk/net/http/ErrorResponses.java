package honk.net.http;

import static akka.http.javadsl.server.Directives.complete;

import akka.event.LoggingAdapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.scaladsl.model.EntityStreamSizeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Every error the API gives is JSON, {@code {"error": "..."}}: Akka HTTP's rejections (unknown
 * path, wrong method, body too large) keep their status and message in that shape, {@link
 * ApiError}s become their status, and anything unexpected a 500 that names only the exception's
 * type. No response ever carries a stack trace.
 */
final class ErrorResponses {
    private ErrorResponses() {}

    static RejectionHandler rejections() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(ErrorResponses::asJson);
    }

    static ExceptionHandler exceptions(LoggingAdapter log) {
        return ExceptionHandler.newBuilder()
                .matchAny(t -> complete(response(unwrap(t), log)))
                .build();
    }

    private static HttpResponse response(Throwable t, LoggingAdapter log) {
        return switch (t) {
            case ApiError e -> Json.error(StatusCodes.get(e.status()), e.getMessage());
            case EntityStreamSizeException e ->
                    Json.error(
                            StatusCodes.PAYLOAD_TOO_LARGE,
                            "the body is too large (at most " + e.limit() + " bytes)");
            case TimeoutException e ->
                    Json.error(
                            StatusCodes.SERVICE_UNAVAILABLE,
                            "the kernel did not answer in time; try again");
            default -> {
                log.warning("http: internal error: {}", t.toString());
                yield Json.error(
                        StatusCodes.INTERNAL_SERVER_ERROR,
                        "internal error (" + t.getClass().getSimpleName() + ")");
            }
        };
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * Rewrites a rejection's plain-text message as {@code {"error": message}}, keeping the status
     * and headers.
     */
    private static HttpResponse asJson(HttpResponse response) {
        if (response.entity() instanceof HttpEntity.Strict strict
                && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
            String message = strict.getData().utf8String().strip().replace('\n', ' ');
            if (message.startsWith("The request content was malformed: EntityStreamSizeException")
                    || response.status().intValue() == 413) {
                message = "the body is too large (at most " + Body.MAX_BYTES + " bytes)";
            }
            return response.withEntity(
                    ContentTypes.APPLICATION_JSON, Json.bytes(Json.errorBody(message)));
        }
        return response;
    }
}
