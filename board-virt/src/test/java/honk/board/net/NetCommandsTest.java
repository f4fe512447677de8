package honk.board.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.shell.ShellException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class NetCommandsTest {
    @TempDir Path root;

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void iface(String name, String mac, String type, boolean device) throws IOException {
        write("net/" + name + "/address", mac + "\n");
        write("net/" + name + "/operstate", "up\n");
        write("net/" + name + "/mtu", "1500\n");
        write("net/" + name + "/type", type + "\n");
        write("net/" + name + "/ifindex", "2\n");
        write("net/" + name + "/statistics/rx_bytes", "1234\n");
        if (device) {
            Files.createDirectories(root.resolve("net/" + name + "/device"));
        }
    }

    @Test
    void listsInterfacesLocalAddressesAndTheDefaultRoute() throws IOException {
        iface("eth0", "52:54:00:12:34:56", "1", true);
        iface("lo", "00:00:00:00:00:00", "772", false);
        write(
                "proc/fib_trie",
                """
                Main:
                  +-- 0.0.0.0/0 3 0 5
                     |-- 10.0.2.15
                        /32 host LOCAL
                     |-- 127.0.0.1
                        /32 host LOCAL
                     |-- 10.0.2.255
                        /32 link BROADCAST
                """);
        write(
                "proc/route",
                "Iface\tDestination\tGateway \tFlags\n" + "eth0\t00000000\t0202000A\t0003\n");
        String out = NetCommands.net(null, List.of(), root.resolve("net"), root.resolve("proc"));
        assertTrue(
                out.lines().anyMatch(l -> l.matches("eth0 +52:54:00:12:34:56 +up +1500 +1234 .*")),
                out);
        assertTrue(out.contains("\nipv4 local: 10.0.2.15 127.0.0.1\n"), out);
        assertTrue(out.endsWith("default route: via 10.0.2.2 dev eth0"), out);
        assertThrows(
                ShellException.class,
                () ->
                        NetCommands.net(
                                null, List.of("x"), root.resolve("net"), root.resolve("proc")));
    }

    @Test
    void theFirstEthernetInterfaceIsRealHardwareNotLoopbackOrVirtual() throws IOException {
        iface("br0", "aa:bb:cc:dd:ee:ff", "1", false); // a bridge: no device link
        iface("lo", "00:00:00:00:00:00", "772", false);
        assertEquals(null, NetConfig.firstEthernet(root.resolve("net")));
        iface("eth0", "52:54:00:12:34:56", "1", true);
        assertEquals("eth0", NetConfig.firstEthernet(root.resolve("net")));
    }

    @Test
    void missingFilesReadAsUnknownNotAsErrors() {
        assertEquals(
                List.of("(unknown: " + root.resolve("nope") + ")"),
                NetCommands.localAddresses(root.resolve("nope")));
        assertTrue(NetCommands.defaultRoute(root.resolve("nope")).startsWith("(unknown"));
    }
}
