package honk.board;

import honk.actors.kernel.BoardPort;
import honk.actors.kernel.ConsolePort;
import honk.board.host.HostBoard;
import honk.board.virt.VirtBoard;
import honk.board.console.LineConsole;
import honk.board.console.TtyConsole;

/**
 * honk's entry point: PID 1 under QEMU, a plain program on the host. {@code --board=host|virt}
 * picks the board; without it, honk is on the virt board exactly when it is PID 1.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String board = ProcessHandle.current().pid() == 1 ? "virt" : "host";
        for (String a : args) {
            if (a.startsWith("--board=")) {
                board = a.substring("--board=".length());
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: honk [--board=host|virt]");
                return;
            } else {
                System.err.println("honk: unknown option '" + a + "' (try --help)");
                System.exit(2);
            }
        }
        BoardPort port;
        ConsolePort console;
        switch (board) {
            case "host" -> {
                port = new HostBoard();
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
