package honk.storage.ninep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-file operations by path over a {@link NinePClient}: each walks to the file (or its
 * directory), does its exchanges and clunks every fid it made, on every path. Paths are lists of
 * names below the attach root. Thread-safe, as the client is.
 */
public final class NinePFiles {
    /** The most one {@link #read} returns: a larger file is read in ranges. */
    public static final int MAX_READ = 64 << 20;

    private final NinePClient client;

    public NinePFiles(NinePClient client) {
        this.client = client;
    }

    public NinePClient client() {
        return client;
    }

    /**
     * A file's bytes, {@code length} of them from {@code offset} (fewer at its end), and its size.
     */
    public record Contents(byte[] data, long size) {}

    private Fid walk(List<String> path) throws IOException {
        return client.walk(client.root(), path);
    }

    public NinePAttr stat(List<String> path) throws IOException {
        try (Fid f = walk(path)) {
            return client.getattr(f);
        }
    }

    /** The names in the directory {@code path}, without "." and "..", in the server's order. */
    public List<NinePDirEntry> list(List<String> path) throws IOException {
        try (Fid f = walk(path)) {
            client.lopen(f, NinePWire.O_RDONLY);
            var out = new ArrayList<NinePDirEntry>();
            long offset = 0;
            for (List<NinePDirEntry> batch = client.readdir(f, offset);
                    !batch.isEmpty();
                    batch = client.readdir(f, offset)) {
                for (NinePDirEntry e : batch) {
                    if (!e.name().equals(".") && !e.name().equals("..")) {
                        out.add(e);
                    }
                }
                offset = batch.getLast().offset();
            }
            return out;
        }
    }

    /**
     * Up to {@code length} bytes from {@code offset} ({@code length} -1: to the end as getattr saw
     * it), read in as many Treads as the msize needs; shorter if the file ends first.
     */
    public Contents read(List<String> path, long offset, int length) throws IOException {
        try (Fid f = walk(path)) {
            long size = client.getattr(f).size();
            long want = length < 0 ? Math.max(0, size - offset) : length;
            if (want > MAX_READ) {
                throw new IOException(
                        "9P: a read of "
                                + want
                                + " bytes; read at most "
                                + MAX_READ
                                + " at a time (in ranges)");
            }
            client.lopen(f, NinePWire.O_RDONLY);
            byte[] data = client.readFully(f, offset, (int) want);
            return new Contents(data, Math.max(size, offset + data.length));
        }
    }

    /**
     * Creates the file {@code path}, or truncates it, and writes {@code data} as its whole
     * contents.
     */
    public void write(List<String> path, byte[] data) throws IOException {
        try (Fid dir = walk(parent(path));
                Fid f = client.walk(dir, List.of())) {
            try (Fid existing = client.walk(dir, List.of(path.getLast()))) {
                if (existing.qid().isDirectory()) { // diod would open it and write nothing
                    throw new NinePErrorException("Tlopen", Errno.EISDIR);
                }
                client.lopen(existing, NinePWire.O_WRONLY | NinePWire.O_TRUNC);
                writeAll(existing, data);
                return;
            } catch (NinePErrorException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
            client.lcreate(
                    f,
                    path.getLast(),
                    NinePWire.O_WRONLY | NinePWire.O_CREAT | NinePWire.O_TRUNC,
                    NinePClient.FILE_MODE);
            writeAll(f, data);
        }
    }

    private void writeAll(Fid f, byte[] data) throws IOException {
        int done = 0;
        while (done < data.length) {
            int n = client.write(f, done, data, done, data.length - done);
            if (n == 0) {
                throw new IOException(
                        "9P: the server wrote 0 bytes at offset " + done + " of " + data.length);
            }
            done += n;
        }
    }

    public void mkdir(List<String> path) throws IOException {
        try (Fid dir = walk(parent(path))) {
            client.mkdir(dir, path.getLast(), NinePClient.DIR_MODE);
        }
    }

    /**
     * Removes the file, or the empty directory, {@code path}: Tunlinkat, or where the server does
     * not offer it (diod answers EOPNOTSUPP) Tremove.
     */
    public void remove(List<String> path) throws IOException {
        try (Fid dir = walk(parent(path))) {
            Fid f = client.walk(dir, List.of(path.getLast()));
            try (f) {
                client.unlinkat(
                        dir, path.getLast(), f.qid().isDirectory() ? NinePWire.AT_REMOVEDIR : 0);
            } catch (NinePErrorException e) {
                if (e.errno() != Errno.EOPNOTSUPP) {
                    throw e;
                }
                try (Fid again = client.walk(dir, List.of(path.getLast()))) {
                    client.remove(again); // Tremove clunks it; the close then sends nothing
                }
            }
        }
    }

    /**
     * Moves {@code from} to {@code to}, replacing a file there as rename(2) does: Trenameat, or
     * where the server does not offer it, Trename.
     */
    public void rename(List<String> from, List<String> to) throws IOException {
        try (Fid a = walk(parent(from));
                Fid b = walk(parent(to))) {
            try {
                client.renameat(a, from.getLast(), b, to.getLast());
            } catch (NinePErrorException e) {
                if (e.errno() != Errno.EOPNOTSUPP) {
                    throw e;
                }
                try (Fid f = client.walk(a, List.of(from.getLast()))) {
                    client.rename(f, b, to.getLast());
                }
            }
        }
    }

    private static List<String> parent(List<String> path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException(
                    "the share's root has no parent; name a file below it");
        }
        return path.subList(0, path.size() - 1);
    }
}
