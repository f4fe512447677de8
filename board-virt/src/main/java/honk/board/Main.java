package honk.board;

import honk.actors.kernel.BoardPort;
import honk.actors.kernel.ConsolePort;
import honk.board.console.LineConsole;
import honk.board.console.TtyConsole;
import honk.board.host.HostBoard;
import honk.board.virt.VirtBoard;
import honk.net.http.HttpSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;

/**
 * honk's entry point: PID 1 under QEMU, a plain program on the host. {@code --board=host|virt}
 * picks the board; without it, honk is on the virt board exactly when it is PID 1. On the host
 * board, {@code --disk=FILE} (repeatable) gives it a file-backed block device, locked against a
 * second honk, and {@code --ephemeral} a disk in memory instead; under QEMU the disks are the
 * machine's own, and {@code --share=DIR} shares a directory as the filesystem's host layer (served
 * by diod, or read directly where diod is not installed). {@code --http-port=PORT} serves the HTTP
 * inspection API: on the host board on 127.0.0.1 (default 8080, {@code off} for none); on the virt
 * board on every address, and only when the option is given. On the host board, {@code
 * -Dhonk.history.file=FILE} keeps the console's history in FILE across sessions (scripts/run keeps
 * it in the cache directory); without it the history lives as long as the session.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String board = ProcessHandle.current().pid() == 1 ? "virt" : "host";
        var disks = new ArrayList<Path>();
        String httpPort = null;
        Path share = null;
        boolean ephemeral = false;
        for (String a : args) {
            if (a.startsWith("--board=")) {
                board = a.substring("--board=".length());
            } else if (a.startsWith("--disk=")) {
                disks.add(Path.of(a.substring("--disk=".length())));
            } else if (a.equals("--ephemeral")) {
                ephemeral = true;
            } else if (a.startsWith("--share=")) {
                share = Path.of(a.substring("--share=".length()));
            } else if (a.startsWith("--http-port=")) {
                httpPort = a.substring("--http-port=".length());
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println(
                        "usage: honk [--board=host|virt] [--disk=FILE]... [--ephemeral]"
                            + " [--share=DIR] [--http-port=PORT|off]  (--disk, --ephemeral (a disk"
                            + " in memory, gone at exit), --share: host board only; --http-port:"
                            + " default 8080 on the host board, off on virt)");
                return;
            } else {
                System.err.println("honk: unknown option '" + a + "' (try --help)");
                System.exit(2);
            }
        }
        HttpSettings http;
        try {
            http = httpSettings(board, httpPort);
        } catch (IllegalArgumentException e) {
            System.err.println("honk: " + e.getMessage());
            System.exit(2);
            return;
        }
        BoardPort port;
        ConsolePort console;
        if (!disks.isEmpty() && !board.equals("host")) {
            System.err.println(
                    "honk: --disk is for the host board; under QEMU, attach disks with scripts/run"
                            + " --disk");
            System.exit(2);
        }
        if (ephemeral && (!disks.isEmpty() || !board.equals("host"))) {
            System.err.println(
                    "honk: --ephemeral gives the host board a disk in memory; it goes without"
                            + " --disk and --board=virt");
            System.exit(2);
        }
        if (share != null && !board.equals("host")) {
            System.err.println(
                    "honk: --share is for the host board; under QEMU, share a directory with"
                            + " scripts/run --share");
            System.exit(2);
        }
        switch (board) {
            case "host" -> {
                Optional<HostBoard.Share> hostShare;
                try {
                    hostShare =
                            share == null ? Optional.empty() : Optional.of(HostBoard.share(share));
                } catch (IllegalArgumentException e) {
                    System.err.println("honk: --share: " + e.getMessage());
                    System.exit(2);
                    return;
                }
                try {
                    port =
                            ephemeral
                                    ? HostBoard.ephemeral(HostBoard.EPHEMERAL_BYTES, hostShare)
                                    : new HostBoard(disks, hostShare);
                } catch (IllegalArgumentException e) {
                    System.err.println("honk: " + e.getMessage());
                    System.exit(2);
                    return;
                }
                String history = System.getProperty("honk.history.file", "");
                console = LineConsole.open(history.isEmpty() ? null : Path.of(history));
            }
            case "virt" -> {
                console = TtyConsole.openStdin();
                port = VirtBoard.bringUp(console::println);
            }
            default -> {
                System.err.println("honk: unknown board '" + board + "' (use host or virt)");
                System.exit(2);
                return;
            }
        }
        int status;
        try {
            status = new Boot(port, console, http).run();
        } catch (Throwable t) {
            console.println("honk: boot failed: " + t);
            status = 1;
        }
        port.powerOff(status);
    }

    /**
     * Where HTTP is served: loopback on the host board (8080 unless told), everywhere on virt if
     * told; null for none.
     */
    static HttpSettings httpSettings(String board, String option) {
        if (option == null) {
            return board.equals("host") ? HttpSettings.loopback(HttpSettings.DEFAULT_PORT) : null;
        }
        if (option.equals("off")) {
            return null;
        }
        int p;
        try {
            p = Integer.parseInt(option);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(
                    "--http-port takes 1..65535 or off, got '" + option + "'");
        }
        return board.equals("host") ? HttpSettings.loopback(p) : new HttpSettings("0.0.0.0", p, "");
    }
}
