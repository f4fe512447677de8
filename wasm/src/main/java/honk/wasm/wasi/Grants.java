package honk.wasm.wasi;

import honk.actors.ConsoleCapability;
import honk.storage.fs.FilesCapability;

import java.util.List;
import java.util.Map;

/**
 * What one module instance may reach through WASI, taken from its process's capabilities. A null
 * field is a grant it does not hold: the calls behind it answer {@link Errno#BADF} (a descriptor it
 * was never given) or {@link Errno#NOTCAPABLE}, never anything from outside.
 *
 * @param console stdout and stderr go to it, stdin comes from {@code send}; null: fds 0-2 are
 *     closed
 * @param files the preopened directory (fd 3) and everything below it; null: no preopen
 * @param args argv (the module's name first); null: args_get and args_sizes_get are refused
 * @param env the environment; null: environ_get and environ_sizes_get are refused
 */
public record Grants(
        ConsoleCapability console,
        FilesCapability files,
        boolean clock,
        boolean random,
        List<String> args,
        Map<String, String> env) {

    public Grants {
        args = args == null ? null : List.copyOf(args);
        env = env == null ? null : Map.copyOf(env);
    }

    /** Nothing at all: every call that reaches outside the module is refused. */
    public static final Grants NONE = new Grants(null, null, false, false, null, null);
}
