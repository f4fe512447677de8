package honk.net.http;

import static akka.http.javadsl.server.Directives.complete;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * JSON for the HTTP API: one Jackson mapper, its Akka HTTP marshaller, and the shapes every answer
 * shares ({@code {"error": "..."}} for every error). Times are ISO-8601 UTC strings.
 */
final class Json {
    /** Strict on input: trailing garbage and duplicate keys are malformed, not ignored. */
    static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** An ISO-8601 instant, or null for 0 (never). */
    static String time(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    static Route ok(JsonNode body) {
        return status(StatusCodes.OK, body);
    }

    static Route status(StatusCode status, JsonNode body) {
        // straight to UTF-8 bytes: Akka's Jackson marshaller writes a String first and encodes it
        // again
        return complete(
                HttpResponse.create()
                        .withStatus(status)
                        .withEntity(ContentTypes.APPLICATION_JSON, bytes(body)));
    }

    /** {@code {"error": message}} with {@code status}. */
    static HttpResponse error(StatusCode status, String message) {
        return HttpResponse.create()
                .withStatus(status)
                .withEntity(ContentTypes.APPLICATION_JSON, bytes(errorBody(message)));
    }

    static ObjectNode errorBody(String message) {
        return object().put("error", message);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }
}
