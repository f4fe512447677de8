package honk.actors.kernel;

/**
 * The console device. Output is thread-safe and never tears a line the user is typing; input is
 * read by one reader thread, the console driver's "IRQ" source.
 */
public interface ConsolePort {
    void println(String text);

    /** Shows {@code prompt} and blocks for one line; null at end of input. */
    String readLine(String prompt);

    /** Whether a person is typing (line editing, history) rather than a script piping commands. */
    boolean interactive();

    /**
     * Completes words with {@code completer} when Tab is pressed, from the next line on. A console
     * that cannot complete (a pipe) ignores it.
     */
    default void completeWith(LineCompleter completer) {}
}
