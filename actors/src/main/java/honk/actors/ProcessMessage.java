package honk.actors;

/**
 * The protocol every process speaks. Deliberately not sealed: each program adds its own private
 * records. {@link Text} is what {@code send PID TEXT} delivers.
 */
public interface ProcessMessage {}
