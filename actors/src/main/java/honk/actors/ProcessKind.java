package honk.actors;

/** What runs inside a process: first-party Java, a WebAssembly module, or a guest VM. */
public enum ProcessKind {
    NATIVE,
    WASM,
    VM;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
