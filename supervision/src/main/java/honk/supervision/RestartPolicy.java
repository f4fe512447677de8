package honk.supervision;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When a process is started again. {@code never}: a crash reaps it as crashed (the Go honk's rule).
 * {@code on-failure}: restarted after a crash, not after a normal exit. {@code always}: restarted
 * after a crash and after a normal exit. A kill is never restarted.
 */
public enum RestartPolicy {
    NEVER("never"),
    ON_FAILURE("on-failure"),
    ALWAYS("always");

    private final String label;

    RestartPolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether an exit of this kind leads to a restart under this policy. */
    public boolean restartsAfter(boolean crashed) {
        return switch (this) {
            case NEVER -> false;
            case ON_FAILURE -> crashed;
            case ALWAYS -> true;
        };
    }

    /** Parses {@code never|on-failure|always}; the error names the valid choices. */
    public static RestartPolicy parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (RestartPolicy p : values()) {
            if (p.label.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown restart policy '" + text + "' (use " + choices() + ")");
    }

    public static String choices() {
        return Arrays.stream(values()).map(RestartPolicy::label).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return label;
    }
}
