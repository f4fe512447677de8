package honk.supervision;

/**
 * The crash a supervisor injects into one of its children on request (the shell's {@code fault}).
 */
public final class InjectedFaultException extends RuntimeException {
    public InjectedFaultException(String child) {
        super("fault injected into " + child);
    }
}
