package honk.supervision;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failure's stack trace as the kernel log keeps it beside the one-line reason: the text {@link
 * Throwable#printStackTrace} gives, causes and all, cut to {@link #MAX_LINES}. Kept as text, not as
 * the exception, so that a logged entry holds nothing of the failed actor alive. Pure Java.
 */
public final class Trace {
    /**
     * Lines kept of one trace: an actor's failure runs about 40 frames deep (the handler, then
     * Akka's dispatch); the kernel log keeps 4096 entries, and a crash loop must not fill memory.
     */
    public static final int MAX_LINES = 60;

    private Trace() {}

    /** The trace of {@code t}, at most {@link #MAX_LINES} lines; "" for null. */
    public static String of(Throwable t) {
        if (t == null) {
            return "";
        }
        var text = new StringWriter();
        try (var out = new PrintWriter(text)) {
            t.printStackTrace(out);
        }
        String[] lines = text.toString().strip().split("\\R");
        if (lines.length <= MAX_LINES) {
            return String.join("\n", lines);
        }
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, MAX_LINES))
                + "\n\t... ("
                + (lines.length - MAX_LINES)
                + " more lines)";
    }

    /** Whether {@code trace} holds frames ({@code at ...} lines), not only the exception's line. */
    public static boolean hasFrames(String trace) {
        return trace.contains("\n\tat ");
    }
}
