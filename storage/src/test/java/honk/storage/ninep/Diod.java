package honk.storage.ninep;

import honk.supervision.testing.Eventually;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * diod, Debian's 9P2000.L server, run by a test: in the foreground, without authentication,
 * exporting one directory on a free loopback port, serving only the user running the test ({@code
 * --runas-uid}: it never switches users, so it needs no root, and the files it makes belong to that
 * user). {@link #find()} is empty where diod is not installed, and the tests that need it are then
 * skipped with that reason.
 */
public final class Diod implements AutoCloseable {
    public static final String MISSING =
            "diod is not installed (apt-get install diod); the 9P tests against a real server are"
                    + " skipped";

    private final Process process;
    private final InetSocketAddress address;
    private final Path export;

    private Diod(Process process, InetSocketAddress address, Path export) {
        this.process = process;
        this.address = address;
        this.export = export;
    }

    public static Optional<Path> find() {
        return Stream.of(
                        "/usr/sbin/diod",
                        "/usr/bin/diod",
                        "/usr/local/sbin/diod",
                        "/usr/local/bin/diod")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
    }

    public static Diod start(Path binary, Path export) throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var process =
                new ProcessBuilder(
                                binary.toString(),
                                "--foreground",
                                "--no-auth",
                                "--no-userdb",
                                "--runas-uid",
                                Integer.toString(uid()),
                                "--logdest",
                                "stderr",
                                "--listen",
                                "127.0.0.1:" + port,
                                "--export",
                                export.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        var address = new InetSocketAddress("127.0.0.1", port);
        try {
            Eventually.await(
                    "diod listens on " + address,
                    Duration.ofSeconds(10),
                    () -> listening(process, address));
        } catch (AssertionError | IOException e) {
            process.destroyForcibly();
            throw e;
        }
        return new Diod(process, address, export);
    }

    /**
     * True once diod accepts a connection on {@code address}; an IOException once it has exited.
     */
    private static boolean listening(Process process, InetSocketAddress address)
            throws IOException {
        if (!process.isAlive()) {
            throw new IOException(
                    "diod exited with status "
                            + process.exitValue()
                            + " before listening on "
                            + address);
        }
        try (var probe = new Socket()) {
            probe.connect(address, 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * The uid this JVM runs as: diod serves it alone and never switches users, so it needs no root.
     */
    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public Path export() {
        return export;
    }

    /** A client attached to the export over a new TCP connection. */
    public NinePClient connect() throws IOException {
        return NinePClient.connect(
                StreamTransport.connect(address),
                System.getProperty("user.name"),
                uid(),
                0,
                export.toString());
    }

    NinePClient connect(int maxMessage) throws IOException {
        return NinePClient.connect(
                StreamTransport.connect(address, maxMessage),
                System.getProperty("user.name"),
                uid(),
                0,
                export.toString());
    }

    /**
     * The share as a board would register it: a new TCP connection to this server on each connect.
     */
    public NinePShare share() {
        return new NinePShare(
                "diod at " + address,
                () -> StreamTransport.connect(address),
                export.toString(),
                System.getProperty("user.name"),
                uid(),
                0);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
