package honk.actors.kernel;

/**
 * Lets the console reader show the next prompt only after the shell finished the previous command,
 * so that a command's output never lands after the next prompt. Opening an open gate does nothing.
 */
public final class PromptGate {
    private boolean open; // guarded by this

    public synchronized void open() {
        open = true;
        notifyAll();
    }

    /** Blocks until the gate is open, then closes it behind the caller. */
    public synchronized void pass() throws InterruptedException {
        while (!open) {
            wait();
        }
        open = false;
    }
}
