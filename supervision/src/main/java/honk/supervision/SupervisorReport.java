package honk.supervision;

/**
 * What a supervisor publishes on the event stream whenever a child exits or is started again (OTP's
 * supervisor report). {@code context} is one of child_terminated, child_restarted, child_removed,
 * shutdown.
 *
 * @param trace the stack trace of the crash a child_terminated reports ({@link Trace}), "" for any
 *     other report: the kernel log shows it with {@code log --verbose}
 */
public record SupervisorReport(
        String supervisor,
        String context,
        String reason,
        String offender,
        long atMillis,
        String trace) {
    public SupervisorReport {
        trace = trace == null ? "" : trace;
    }

    /** A report without a trace. */
    public SupervisorReport(
            String supervisor, String context, String reason, String offender, long atMillis) {
        this(supervisor, context, reason, offender, atMillis, "");
    }
}
