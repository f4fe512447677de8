package honk.actors.shell;

import honk.actors.ProcessInfo;
import honk.actors.Program;
import honk.actors.kernel.ProgramSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What Tab offers for a command's argument: given the arguments before it and its text so far, the
 * whole arguments it may become. A value ending in '/' names a directory (or a layer's root), so
 * Tab adds no space after it and the path can go on. Values need not start with the word: the shell
 * keeps those that do. Called on the console's thread: an answer that is not there within the
 * shell's budget is dropped, so a slow source costs the person a moment, never a hang.
 */
@FunctionalInterface
public interface ArgumentCompleter {
    ArgumentCompleter NONE = (ctx, before, word) -> CompletableFuture.completedFuture(List.of());

    CompletionStage<List<String>> complete(ShellContext ctx, List<String> before, String word);

    /** This completer for the first {@code n} arguments only; nothing after them. */
    default ArgumentCompleter upTo(int n) {
        return (ctx, before, word) ->
                before.size() < n ? complete(ctx, before, word) : NONE.complete(ctx, before, word);
    }

    /** The values of this completer and of {@code other}, together. */
    default ArgumentCompleter and(ArgumentCompleter other) {
        return (ctx, before, word) ->
                complete(ctx, before, word)
                        .thenCombine(
                                other.complete(ctx, before, word),
                                (a, b) -> {
                                    var both = new ArrayList<String>(a);
                                    both.addAll(b);
                                    return both;
                                });
    }

    /** The names of the shell's commands ({@code help COMMAND}). */
    static ArgumentCompleter commands() {
        return (ctx, before, word) ->
                CompletableFuture.completedFuture(
                        ShellCommands.loaded().all().stream().map(ShellCommand::name).toList());
    }

    /**
     * The programs {@code run} starts: the compiled-in ones it lists, and those of the {@link
     * ProgramSource} (the modules in /bin) when there is one.
     */
    static ArgumentCompleter programs() {
        return (ctx, before, word) -> {
            List<String> builtIn =
                    ctx.programs().all().stream()
                            .filter(Program::listed)
                            .map(Program::name)
                            .toList();
            return ctx.registry()
                    .get(ProgramSource.class)
                    .map(source ->
                            source.names()
                                    .<List<String>>thenApply(more -> {
                                        var all = new ArrayList<String>(builtIn);
                                        all.addAll(more);
                                        return all;
                                    }))
                    .orElseGet(() -> CompletableFuture.completedFuture(builtIn));
        };
    }

    /** The PIDs of the processes that have not ended ({@code kill}, {@code send}). */
    static ArgumentCompleter pids() {
        return (ctx, before, word) ->
                ctx.table()
                        .list()
                        .thenApply(all ->
                                all.stream()
                                        .filter(p -> !p.state().isFinal())
                                        .map(ProcessInfo::pid)
                                        .map(String::valueOf)
                                        .toList());
    }
}
