package honk.actors.kernel;

/**
 * One kernel-log line; {@code id} increases by one per entry, so readers can resume after an id.
 */
public record LogEntry(long id, long atMillis, String text) {}
