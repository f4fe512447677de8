package honk.net.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A test client for {@code /api/events}: reads Server-Sent Events off one open response, line by
 * line.
 */
final class SseStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its id, kind and JSON data. */
    record Event(long id, String type, JsonNode data) {}

    final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;

    private SseStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body().iterator();
    }

    /**
     * Opens {@code path}; {@code lastEventId} (may be null) is sent as the Last-Event-ID header.
     */
    static SseStream open(HttpFixture http, String path, String lastEventId) throws Exception {
        var request = HttpRequest.newBuilder(http.uri(path)).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseStream(
                http.client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    /** The next event, or null when the stream has ended. Heartbeats (comments) are skipped. */
    Event next() throws Exception {
        long id = -1;
        String type = "message";
        String data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, type, JSON.readTree(data));
                }
            } else if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).strip());
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data = line.substring(5).strip();
            }
        }
        return null;
    }

    /** Events up to and including the first that matches {@code last}. */
    List<Event> until(Predicate<Event> last) throws Exception {
        var out = new ArrayList<Event>();
        for (Event e = next(); e != null; e = next()) {
            out.add(e);
            if (last.test(e)) {
                return out;
            }
        }
        throw new AssertionError("the stream ended before the expected event; got " + out);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
