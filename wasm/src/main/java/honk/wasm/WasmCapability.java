package honk.wasm;

import honk.actors.Capability;

import java.util.List;

/**
 * The capabilities only a WebAssembly module uses, each a plain grant with no handle behind it:
 * {@code clock} (clock_time_get, clock_res_get), {@code random} (random_get), {@code args}
 * (args_get: the arguments it was started with) and {@code env} (environ_get: the variables given
 * with {@code wasm --env=K=V}). Console and files are the kernel's and storage's own kinds.
 */
public record WasmCapability(String name) implements Capability {
    public static final String CLOCK = "clock";
    public static final String RANDOM = "random";
    public static final String ARGS = "args";
    public static final String ENV = "env";
    public static final List<String> KINDS = List.of(CLOCK, RANDOM, ARGS, ENV);
}
