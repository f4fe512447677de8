package honk.board;

import honk.actors.kernel.BoardPort;
import honk.actors.kernel.ConsolePort;
import honk.board.host.HostBoard;
import honk.board.virt.VirtBoard;
import honk.board.console.LineConsole;
import honk.board.console.TtyConsole;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * honk's entry point: PID 1 under QEMU, a plain program on the host. {@code --board=host|virt}
 * picks the board; without it, honk is on the virt board exactly when it is PID 1. On the host
 * board, {@code --disk=FILE} (repeatable) gives it a file-backed block device; under QEMU the disks
 * are the machine's own.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String board = ProcessHandle.current().pid() == 1 ? "virt" : "host";
        var disks = new ArrayList<Path>();
        for (String a : args) {
            if (a.startsWith("--board=")) {
                board = a.substring("--board=".length());
            } else if (a.startsWith("--disk=")) {
                disks.add(Path.of(a.substring("--disk=".length())));
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: honk [--board=host|virt] [--disk=FILE]...  (--disk: host board only)");
                return;
            } else {
                System.err.println("honk: unknown option '" + a + "' (try --help)");
                System.exit(2);
            }
        }
        BoardPort port;
        ConsolePort console;
        if (!disks.isEmpty() && !board.equals("host")) {
            System.err.println("honk: --disk is for the host board; under QEMU, attach disks with scripts/run --disk");
            System.exit(2);
        }
        switch (board) {
            case "host" -> {
                try {
                    port = new HostBoard(disks);
                } catch (IllegalArgumentException e) {
                    System.err.println("honk: --disk: " + e.getMessage());
                    System.exit(2);
                    return;
                }
                console = LineConsole.open();
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
            status = new Boot(port, console).run();
        } catch (Throwable t) {
            console.println("honk: boot failed: " + t);
            status = 1;
        }
        port.powerOff(status);
    }
}
