package honk.actors;

/** Lets a process print lines on the console. Thread-safe. */
public interface ConsoleCapability extends Capability {
    String NAME = "console";

    void println(String line);

    @Override
    default String name() {
        return NAME;
    }
}
