package honk.actors;

/**
 * A handle a process is given at spawn. A process reaches nothing it was not handed: there is no
 * global lookup, so a process without the handle cannot use the service. Each kind has a short name
 * ({@code console}, {@code procs}) that {@code ps} shows and {@code run --caps=} takes.
 */
public interface Capability {
    String name();
}
