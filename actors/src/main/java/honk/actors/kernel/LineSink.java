package honk.actors.kernel;

/**
 * Where the console driver delivers what is typed: each line it assembles, then the end of input. A
 * port the kernel declares and the shell implements, so that the kernel does not depend on the
 * shell; a service in the list provides it as a registry entry. Thread-safe: the console driver
 * calls it from its own actor, and returns at once.
 */
public interface LineSink {
    /** One line, without its line end. */
    void line(String text);

    /** The console's input has ended (a script finished). */
    void endOfInput();
}
