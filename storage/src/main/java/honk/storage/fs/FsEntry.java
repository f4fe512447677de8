package honk.storage.fs;

import java.util.List;
import java.util.Objects;

/**
 * One name in the file tree, as a stat or a directory listing gives it. A mount leaves {@code
 * layers} empty; the VFS root fills in which layers hold the name, top first (so {@code [kv, core]}
 * on a file means kv's copy shadows the core's).
 *
 * @param size bytes of a file; 0 for a directory
 */
public record FsEntry(String name, Kind kind, long size, List<String> layers) {
    public enum Kind {
        FILE,
        DIRECTORY
    }

    public FsEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        layers = List.copyOf(layers);
    }

    public static FsEntry file(String name, long size) {
        return new FsEntry(name, Kind.FILE, size, List.of());
    }

    public static FsEntry directory(String name) {
        return new FsEntry(name, Kind.DIRECTORY, 0, List.of());
    }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }

    /** The same entry, held by {@code layers}. */
    public FsEntry in(List<String> holders) {
        return new FsEntry(name, kind, size, holders);
    }
}
