package honk.actors.kernel;

/**
 * A failure that is neither a process's crash nor a supervised child's (OTP's error report):
 * published on the event stream by the code that caught it (the shell, for a command that failed
 * with an unexpected exception) so that the kernel log keeps it, and its trace, while the console
 * gets one line.
 *
 * @param source who caught it, e.g. {@code shell}
 * @param text one line: what failed and why
 * @param trace the stack trace ({@link honk.supervision.Trace}), shown by {@code log --verbose}
 */
public record ErrorReport(String source, String text, String trace, long atMillis) {}
