package honk.bench;

/** The benchmarks' command-line numbers: each checked, and refused with its name and the usage. */
final class Arguments {
    private Arguments() {}

    /**
     * {@code parse}'s settings; a bad argument ends the program with its one-line reason and status
     * 2.
     */
    static <T> T parseOrExit(String bench, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(bench + " bench: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /** {@code args[i]} as a number within {@code min..max}, or {@code otherwise} when not given. */
    static double number(
            String[] args,
            int i,
            String name,
            double otherwise,
            double min,
            double max,
            String usage) {
        return args.length <= i ? otherwise : number(name, args[i], min, max, usage);
    }

    static double number(String name, String text, double min, double max, String usage) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a number, not '" + text + "'; " + usage);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    name + " must be within " + plain(min) + ".." + plain(max) + ", not " + text);
        }
        return v;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
