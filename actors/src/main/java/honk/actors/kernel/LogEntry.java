package honk.actors.kernel;

/**
 * One kernel-log line; {@code id} increases by one per entry, so readers can resume after an id.
 *
 * @param trace the stack trace kept with a crash or a failure, "" for any other entry: {@code log
 *     --verbose} shows it under the line
 */
public record LogEntry(long id, long atMillis, String text, String trace) {
    public LogEntry {
        trace = trace == null ? "" : trace;
    }

    /** An entry without a trace. */
    public LogEntry(long id, long atMillis, String text) {
        this(id, atMillis, text, "");
    }
}
