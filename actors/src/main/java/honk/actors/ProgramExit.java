package honk.actors;

/**
 * Implemented by the exception a program ends with when it exits with a non-zero status of its own
 * accord (a WebAssembly module's {@code proc_exit(1)}): its process ends crashed, and {@code
 * on-failure} restarts it, but nothing failed that a stack trace would explain, and the program has
 * said why itself. So no trace is kept, and the shell prints no crash line for it.
 */
public interface ProgramExit {
    /** The exit status, not 0. */
    int code();
}
