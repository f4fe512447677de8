package honk.actors.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One shell command. {@link #run} may answer at once or later (asking actors); a {@link
 * ShellException}, thrown or as the stage's failure, becomes a one-line error. {@code help NAME}
 * prints its usage, its summary and its {@link #examples}; every command has at least one, added
 * where it is made: {@code ShellCommand.of(...).withExample("kill 42", "stop process 42")}.
 */
public interface ShellCommand {
    String name();

    /** Argument synopsis, e.g. {@code PID TEXT}. */
    String usage();

    /** One line for {@code help}. */
    String summary();

    /** Invocations as a user types them, each with what it does; {@code help NAME} shows them. */
    default List<Example> examples() {
        return List.of();
    }

    CompletionStage<String> run(ShellContext ctx, List<String> args);

    /**
     * What Tab offers for the argument being typed: {@code before} are the arguments before it,
     * {@code word} its text so far (see {@link ArgumentCompleter}). Nothing by default.
     */
    default CompletionStage<List<String>> complete(
            ShellContext ctx, List<String> before, String word) {
        return ArgumentCompleter.NONE.complete(ctx, before, word);
    }

    /** This command, with {@code completer} for its arguments. */
    default ShellCommand completing(ArgumentCompleter completer) {
        ShellCommand command = this;
        return new ShellCommand() {
            public String name() {
                return command.name();
            }

            public String usage() {
                return command.usage();
            }

            public String summary() {
                return command.summary();
            }

            public List<Example> examples() {
                return command.examples();
            }

            public CompletionStage<String> run(ShellContext ctx, List<String> args) {
                return command.run(ctx, args);
            }

            @Override
            public CompletionStage<List<String>> complete(
                    ShellContext ctx, List<String> before, String word) {
                return completer.complete(ctx, before, word);
            }
        };
    }

    /** The usage line, for error messages: {@code usage: kill PID}. */
    default String usageLine() {
        return "usage: " + name() + (usage().isEmpty() ? "" : " " + usage());
    }

    /**
     * This command with one more example: {@code line} is typed as it stands (it starts with the
     * command's name and is valid for its parser), {@code effect} says what it does.
     */
    default ShellCommand withExample(String line, String effect) {
        ShellCommand base = this;
        var more = new ArrayList<>(examples());
        more.add(new Example(line, effect));
        List<Example> all = List.copyOf(more);
        return new ShellCommand() {
            public String name() {
                return base.name();
            }

            public String usage() {
                return base.usage();
            }

            public String summary() {
                return base.summary();
            }

            public List<Example> examples() {
                return all;
            }

            public CompletionStage<String> run(ShellContext ctx, List<String> args) {
                return base.run(ctx, args);
            }

            @Override
            public CompletionStage<List<String>> complete(
                    ShellContext ctx, List<String> before, String word) {
                return base.complete(ctx, before, word);
            }
        };
    }

    /** A command whose answer is computed at once. */
    static ShellCommand of(String name, String usage, String summary, Sync body) {
        return ofAsync(
                name, usage, summary, (k, a) -> CompletableFuture.completedFuture(body.run(k, a)));
    }

    static ShellCommand ofAsync(String name, String usage, String summary, Async body) {
        return new ShellCommand() {
            public String name() {
                return name;
            }

            public String usage() {
                return usage;
            }

            public String summary() {
                return summary;
            }

            public CompletionStage<String> run(ShellContext ctx, List<String> args) {
                return body.run(ctx, args);
            }
        };
    }

    /**
     * One invocation of a command as {@code help} shows it.
     *
     * @param line what is typed, e.g. {@code kill $!}
     * @param effect what it does, e.g. {@code stop the process started last}
     */
    record Example(String line, String effect) {}

    @FunctionalInterface
    interface Sync {
        String run(ShellContext ctx, List<String> args);
    }

    @FunctionalInterface
    interface Async {
        CompletionStage<String> run(ShellContext ctx, List<String> args);
    }
}
