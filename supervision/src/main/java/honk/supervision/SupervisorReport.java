package honk.supervision;

/**
 * What a supervisor publishes on the event stream whenever a child exits or is started again (OTP's
 * supervisor report). {@code context} is one of child_terminated, child_restarted, child_removed,
 * shutdown.
 */
public record SupervisorReport(
        String supervisor, String context, String reason, String offender, long atMillis) {}
