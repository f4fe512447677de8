package honk.net.http;

import static akka.http.javadsl.server.Directives.entity;
import static akka.http.javadsl.server.Directives.withSizeLimit;

import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * Reads a request body as one JSON object, with a size limit; anything else is a 400 or 413 naming
 * the problem.
 */
final class Body {
    /**
     * Spawn requests and messages are small; 64 KiB leaves room and keeps a flood out of memory.
     */
    static final long MAX_BYTES = 64 * 1024;

    private Body() {}

    static Route json(String example, Function<JsonNode, Route> inner) {
        return withSizeLimit(
                MAX_BYTES,
                () ->
                        entity(
                                Unmarshaller.entityToString(),
                                text -> {
                                    if (text.isBlank()) {
                                        throw ApiError.badRequest(
                                                "the body is empty; send a JSON object such as "
                                                        + example);
                                    }
                                    JsonNode node;
                                    try {
                                        node = Json.MAPPER.readTree(text);
                                    } catch (JsonProcessingException e) {
                                        var at = e.getLocation();
                                        throw ApiError.badRequest(
                                                "malformed JSON: "
                                                        + e.getOriginalMessage()
                                                        + (at == null
                                                                ? ""
                                                                : " (line "
                                                                        + at.getLineNr()
                                                                        + ", column "
                                                                        + at.getColumnNr()
                                                                        + ")"));
                                    }
                                    if (node == null || !node.isObject()) {
                                        throw ApiError.badRequest(
                                                "the body must be a JSON object such as "
                                                        + example);
                                    }
                                    return inner.apply(node);
                                }));
    }
}
