package honk.storage.ninep;

import java.io.IOException;
import java.util.Objects;

/**
 * A host directory offered to honk over 9P2000.L, as the board registers it in the kernel's
 * registry: what to show for it ({@code source}), how to open a channel to its server (a new one on
 * every (re)connect of the mount), the export to attach to, and who to attach as. The filesystem's
 * {@code host} layer finds it there and mounts it.
 *
 * <p>Under QEMU the board's virtio-9p driver opens its queue; on the host board, a TCP connection
 * to a local 9P server ({@link StreamTransport}).
 *
 * @param aname the attach name: the exported directory (diod), or "" where the transport names the
 *     export itself (virtio-9p's mount tag)
 */
public record NinePShare(
        String source, Opener opener, String aname, String uname, int uid, int gid) {
    /** Opens a new channel to the share's server. */
    @FunctionalInterface
    public interface Opener {
        NinePTransport open() throws IOException;
    }

    public NinePShare {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(aname, "aname");
        Objects.requireNonNull(uname, "uname");
    }

    /** A share attached to as root (uid 0, gid 0): honk is the only user of the files it mounts. */
    public static NinePShare asRoot(String source, Opener opener, String aname) {
        return new NinePShare(source, opener, aname, "root", 0, 0);
    }

    /** Opens a channel and attaches: a client ready for requests. */
    public NinePClient connect() throws IOException {
        return NinePClient.connect(opener.open(), uname, uid, gid, aname);
    }
}
