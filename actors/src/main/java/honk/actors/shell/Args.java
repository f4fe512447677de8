package honk.actors.shell;

import java.util.List;

/** Argument checks shared by commands; each failure says what to type instead. */
final class Args {
    private Args() {}

    static long pid(String command, String word) {
        try {
            long pid = Long.parseLong(word);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ShellException(
                command + ": '" + word + "' is not a PID (a positive number from 'ps')");
    }

    /** Checks the argument count; {@code usage} is the synopsis after the command name. */
    static void count(String command, String usage, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String what = args.size() < min ? "missing argument" : "too many arguments";
            throw new ShellException(
                    command
                            + ": "
                            + what
                            + "; usage: "
                            + command
                            + (usage.isEmpty() ? "" : " " + usage));
        }
    }

    static int positiveInt(String command, String word, int max) {
        try {
            int n = Integer.parseInt(word);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ShellException(
                command + ": '" + word + "' must be a whole number from 1 to " + max);
    }
}
