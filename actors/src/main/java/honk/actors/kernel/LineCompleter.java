package honk.actors.kernel;

import java.util.List;
import java.util.Objects;

/**
 * Tab completion as a console asks for it: the line being edited and the cursor in; the word to
 * replace and what may replace it out. A port the kernel declares and the shell provides as a
 * registry entry, as it does {@link LineSink}, so that a console completes what the shell would run
 * without depending on the shell. Called on the console's reader thread while a person waits: it
 * answers within about half a second, and a source that is slow or fails gives no candidates, never
 * an exception. Thread-safe.
 */
@FunctionalInterface
public interface LineCompleter {
    /** Completes nothing: a console before the shell has provided its completer. */
    LineCompleter NONE = (line, cursor) -> Completion.NONE;

    /** What may replace the word that ends at {@code cursor} in {@code line}. */
    Completion complete(String line, int cursor);

    /**
     * The answer to one Tab.
     *
     * @param start where the word being completed begins: each candidate replaces the text from
     *     here to the cursor
     * @param candidates sorted by text, none twice
     */
    record Completion(int start, List<Candidate> candidates) {
        public static final Completion NONE = new Completion(0, List.of());

        public Completion {
            candidates = List.copyOf(candidates);
        }

        /**
         * The longest text every candidate begins with: what one Tab may insert when there are
         * several.
         */
        public String commonPrefix() {
            if (candidates.isEmpty()) {
                return "";
            }
            String prefix = candidates.getFirst().text();
            for (Candidate c : candidates) {
                int n = 0;
                int max = Math.min(prefix.length(), c.text().length());
                while (n < max && prefix.charAt(n) == c.text().charAt(n)) {
                    n++;
                }
                if (n > 0 && Character.isHighSurrogate(prefix.charAt(n - 1))) {
                    n--; // never split a character in two
                }
                prefix = prefix.substring(0, n);
            }
            return prefix;
        }
    }

    /**
     * One way to finish the word.
     *
     * @param text the word as it goes into the line, quoted as the shell reads it
     * @param display what a list of candidates shows: the name alone, e.g. {@code motd} for {@code
     *     /etc/motd}
     * @param complete whether the word is finished, so that a space follows it; false for a
     *     directory, where a name may follow
     */
    record Candidate(String text, String display, boolean complete) {
        public Candidate {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(display, "display");
        }
    }
}
