package honk.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Figures as every benchmark prints them: {@code ENGINE METRIC median=… runs=… all=[…]}, one line
 * each.
 */
final class Medians {
    private Medians() {}

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values to take the median of");
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The line for {@code values}, e.g. {@code honk kv_puts_per_s writers=16 median=812.0 runs=3
     * all=[...]}.
     */
    static String line(String engine, String metric, List<Double> values) {
        double[] rounded =
                values.stream().mapToDouble(v -> Math.round(v * 1000) / 1000.0).toArray();
        return String.format(
                Locale.ROOT,
                "%s %s median=%s runs=%d all=%s",
                engine,
                metric,
                format(median(values)),
                values.size(),
                Arrays.toString(rounded));
    }

    /** Three significant decimals at most, no exponent. */
    static String format(double v) {
        return Math.abs(v) >= 100
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
