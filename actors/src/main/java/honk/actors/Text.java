package honk.actors;

/** Text delivered to a process from the shell ({@code send}) or over HTTP. */
public record Text(String text) implements ProcessMessage {}
