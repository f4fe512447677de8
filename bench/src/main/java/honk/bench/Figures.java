package honk.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every figure a benchmark measured, by engine and metric, in the order measured. */
final class Figures {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    void add(String engine, String metric, double value) {
        values.computeIfAbsent(engine + " " + metric, k -> new ArrayList<>()).add(value);
    }

    /** The values of one figure, one per run; empty when it was not measured. */
    List<Double> get(String engine, String metric) {
        return values.getOrDefault(engine + " " + metric, List.of());
    }

    /** One {@link Medians#line} per figure. */
    List<String> lines() {
        return values.entrySet().stream()
                .map(e -> {
                    String k = e.getKey();
                    return Medians.line(
                            k.substring(0, k.indexOf(' ')),
                            k.substring(k.indexOf(' ') + 1),
                            e.getValue());
                })
                .toList();
    }
}
