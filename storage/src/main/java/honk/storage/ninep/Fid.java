package honk.storage.ninep;

import java.io.IOException;

/**
 * A fid: the client's handle on one file of the server, from the walk that made it to the clunk
 * that ends it. Closing it clunks it (once; later closes do nothing), so {@code try (Fid f = ...)}
 * clunks on every path. Thread-safe.
 */
public final class Fid implements AutoCloseable {
    private final NinePClient client;
    private final int number;
    // written by the client's calls on this fid; volatile so any thread that uses it sees them
    private volatile Qid qid;
    private volatile int iounit;
    private volatile boolean clunked;

    Fid(NinePClient client, int number) {
        this.client = client;
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The file's qid as the walk, open or create that last touched it gave it. */
    public Qid qid() {
        return qid;
    }

    void qid(Qid q) {
        qid = q;
    }

    /** The server's iounit from the open (0: no advice; the msize limits each read). */
    public int iounit() {
        return iounit;
    }

    void iounit(int n) {
        iounit = n;
    }

    /** Marks the fid clunked; true the first time (the caller then clunks it on the server). */
    synchronized boolean markClunked() {
        if (clunked) {
            return false;
        }
        clunked = true;
        return true;
    }

    @Override
    public void close() throws IOException {
        client.clunk(this);
    }

    @Override
    public String toString() {
        return "fid " + number;
    }
}
