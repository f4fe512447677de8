package honk.actors.shell;

import honk.actors.kernel.LineCompleter;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The shell's Tab completion, the {@link LineCompleter} its service provides to the consoles: the
 * first word completes to a command's name; a later one to what that command says its argument may
 * be ({@link ShellCommand#complete}: programs after {@code run}, paths after {@code ls}, ...). The
 * candidates are quoted as {@link CommandLine} reads them, in the quote the word was begun with.
 * Runs on the console's thread, not in the shell's actor: it reads only what is thread-safe (the
 * context, the loaded commands), so a Tab never waits behind a running command.
 */
final class ShellCompleter implements LineCompleter {
    /**
     * How long a Tab waits for a command's answer (a directory listing from the filesystem actor):
     * long enough for a listing on an idle board, short enough that a person does not notice a
     * filesystem that is down or restarting.
     */
    static final Duration BUDGET = Duration.ofMillis(500);

    private final ShellContext context;
    private final ShellCommands commands;

    ShellCompleter(ShellContext context, ShellCommands commands) {
        this.context = context;
        this.commands = commands;
    }

    @Override
    public Completion complete(String line, int cursor) {
        try {
            int at = Math.max(0, Math.min(cursor, line.length()));
            CommandLine.Partial partial = CommandLine.partial(line.substring(0, at));
            List<String> values = values(partial);
            var kept = new TreeSet<String>();
            for (String v : values) {
                if (v.startsWith(partial.word())) {
                    kept.add(v);
                }
            }
            return new Completion(
                    partial.start(),
                    kept.stream().map(v -> candidate(v, partial.quote())).toList());
        } catch (RuntimeException e) {
            return Completion.NONE; // a command's completer failed: no candidates, as for a timeout
        }
    }

    private List<String> values(CommandLine.Partial partial) {
        if (partial.before().isEmpty()) {
            return commands.all().stream().map(ShellCommand::name).toList();
        }
        var command = commands.find(partial.before().getFirst());
        if (command.isEmpty()) {
            return List.of();
        }
        List<String> args = partial.before().subList(1, partial.before().size());
        return await(command.get().complete(context, args, partial.word()));
    }

    private static List<String> await(CompletionStage<List<String>> answer) {
        try {
            return answer.toCompletableFuture().get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** {@code value} as it goes into the line; a directory (ending in '/') takes no space. */
    private static Candidate candidate(String value, char quote) {
        boolean complete = !value.endsWith("/");
        return new Candidate(CommandLine.quote(value, quote, complete), display(value), complete);
    }

    /** The last name of a path ({@code motd} for {@code /etc/motd}, {@code etc/} for /etc/). */
    static String display(String value) {
        String body = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        int slash = body.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }
}
