package honk.actors.shell;

import java.util.List;

/** A module's contribution to the shell, found with {@link java.util.ServiceLoader}. */
public interface ShellCommandProvider {
    List<ShellCommand> commands();
}
