package honk.wasm;

/**
 * How Chicory runs a module: its bytecode compiler (WebAssembly functions become JVM methods, each
 * function too large for the JVM falls back to the interpreter), or its interpreter throughout.
 */
public enum Engine {
    COMPILED,
    INTERPRETER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code compiled} or {@code interpreter}; an {@link IllegalArgumentException} names the
     * choices.
     */
    public static Engine parse(String text) {
        for (Engine e : values()) {
            if (e.label().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unknown engine '" + text + "' (compiled or interpreter)");
    }
}
