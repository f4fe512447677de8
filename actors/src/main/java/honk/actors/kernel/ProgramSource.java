package honk.actors.kernel;

import honk.actors.Program;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Programs found outside the compiled-in registry, for {@code run NAME}: a module provides one as a
 * registry entry (the WebAssembly tier finds modules in the filesystem). {@code run} asks it only
 * for names the registry does not have.
 */
public interface ProgramSource {
    /**
     * The program called {@code name}, or empty if there is none; a failed stage's message says in
     * one line why the program by that name cannot run.
     */
    CompletionStage<Optional<Program>> find(String name);

    /** The names {@link #find} would find now, for Tab after {@code run}; none by default. */
    default CompletionStage<List<String>> names() {
        return CompletableFuture.completedFuture(List.of());
    }
}
