package honk.net.http;

import com.fasterxml.jackson.databind.JsonNode;

import honk.actors.Capabilities;
import honk.actors.Program;
import honk.actors.SpawnSpec;
import honk.actors.kernel.Kernel;
import honk.supervision.RestartPolicy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/procs}, checked field by field as {@code run} checks its arguments:
 * {@code {"program": NAME, "args": [...], "restart": "never|on-failure|always", "caps": [...]}}.
 * Only {@code program} is required; without {@code caps} the program gets what it asks for. Every
 * problem is a 400 naming the field and the choices.
 */
final class SpawnRequest {
    static final String EXAMPLE =
            "{\"program\": \"ticker\", \"args\": [\"500\"], \"restart\": \"on-failure\"}";
    private static final Set<String> FIELDS = Set.of("program", "args", "restart", "caps");

    private SpawnRequest() {}

    static SpawnSpec parse(JsonNode body, Kernel kernel) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiError.badRequest(
                        "unknown field '" + name + "' (fields: program, args, restart, caps)");
            }
        }
        Program program = program(body.get("program"), kernel);
        List<String> args = strings(body.get("args"), "args");
        RestartPolicy restart = restart(body.get("restart"));
        List<String> caps = body.has("caps") ? strings(body.get("caps"), "caps") : null;
        Capabilities granted;
        try {
            granted =
                    kernel.capabilities()
                            .grant(
                                    caps == null
                                            ? program.requestedCaps()
                                            : new LinkedHashSet<>(caps));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return SpawnSpec.of(program, args).withRestart(restart).withCaps(granted);
    }

    private static Program program(JsonNode node, Kernel kernel) {
        String known =
                kernel.programs().all().stream()
                        .filter(Program::listed)
                        .map(Program::name)
                        .collect(Collectors.joining(", "));
        if (node == null || !node.isTextual()) {
            throw ApiError.badRequest(
                    "field 'program' is required: the name of a program (programs: " + known + ")");
        }
        String name = node.asText();
        return kernel.programs()
                .find(name)
                .filter(Program::listed)
                .orElseThrow(() ->
                        ApiError.badRequest(
                                "unknown program '" + name + "' (programs: " + known + ")"));
    }

    private static RestartPolicy restart(JsonNode node) {
        if (node == null || node.isNull()) {
            return RestartPolicy.NEVER;
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest(
                    "field 'restart' must be a string: " + RestartPolicy.choices());
        }
        try {
            return RestartPolicy.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("field '" + field + "' must be an array of strings");
        }
        var out = new ArrayList<String>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiError.badRequest(
                        "field '"
                                + field
                                + "' must be an array of strings; "
                                + item
                                + " is not one");
            }
            out.add(item.asText());
        }
        return out;
    }
}
