package honk.actors.kernel;

/**
 * One kernel-log entry as a follower gets it: the event itself (a {@link honk.actors.ProcessEvent}
 * or a {@link honk.supervision.SupervisorReport}) beside its log line, so that a reader such as the
 * HTTP event stream can show its fields. {@code id} is the entry's log id.
 */
public record LoggedEvent(long id, long atMillis, Object event, String text)
        implements KernelLog.Update {}
