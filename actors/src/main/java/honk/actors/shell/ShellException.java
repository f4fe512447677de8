package honk.actors.shell;

/** A command line the shell cannot run; the message is one line that says what to type instead. */
public final class ShellException extends RuntimeException {
    public ShellException(String message) {
        super(message, null, false, false);
    }
}
