package honk.board.host;

import honk.storage.ninep.NinePShare;
import honk.storage.ninep.StreamTransport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host board's share ({@code --share=DIR}): each connection of the {@code host} layer is a diod
 * process (Debian's 9P2000.L server) serving DIR over its own stdin and stdout, so no port is
 * opened and only honk reaches the files. diod runs without authentication, as the user running
 * honk ({@code --runas-uid}: it attaches only that uid, so it never switches users and needs no
 * root), exporting DIR alone. The process ends when the connection is closed, and with the JVM (its
 * stdin closes).
 */
public final class DiodShare {
    private DiodShare() {}

    /** diod's path, where it is installed. */
    public static Optional<Path> find() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, "diod");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The share of {@code dir}. Throws {@link IllegalArgumentException} with what to do when {@code
     * dir} is not a directory or diod is not installed.
     */
    public static NinePShare of(Path dir) {
        return of(
                dir,
                find().orElseThrow(() ->
                        new IllegalArgumentException(
                                "sharing a directory over 9P on the host board needs diod, a 9P"
                                        + " server: apt-get install diod")));
    }

    /** The share of {@code dir} served by the diod at {@code diod}. */
    static NinePShare of(Path dir, Path diod) {
        Path export = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(export)) {
            throw new IllegalArgumentException(
                    dir + " is not a directory (give --share the directory to share)");
        }
        int uid = owner(Path.of("/proc/self"), "unix:uid");
        int gid = owner(Path.of("/proc/self"), "unix:gid");
        String source = export + " (diod on a pipe)";
        return new NinePShare(
                source,
                () -> {
                    Process p =
                            new ProcessBuilder(
                                            diod.toString(),
                                            "--foreground",
                                            "--rfdno",
                                            "0",
                                            "--wfdno",
                                            "1",
                                            "--no-auth",
                                            "--no-userdb",
                                            "--runas-uid",
                                            Integer.toString(uid),
                                            "--export",
                                            export.toString())
                                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                                    .start();
                    return StreamTransport.over(
                            p.getInputStream(),
                            p.getOutputStream(),
                            p::destroy,
                            StreamTransport.DEFAULT_MAX_MESSAGE,
                            "diod serving " + export);
                },
                export.toString(),
                System.getProperty("user.name"),
                uid,
                gid);
    }

    /**
     * The uid or gid ({@code attribute}) that owns {@code path}: for /proc/self, this process's
     * own.
     */
    private static int owner(Path path, String attribute) {
        try {
            return (Integer) Files.getAttribute(path, attribute);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(
                    "cannot tell which user honk runs as (" + e.getMessage() + ")", e);
        }
    }
}
