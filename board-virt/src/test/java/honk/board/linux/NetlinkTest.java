package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real rtnetlink requests against the host's loopback, changing nothing that is not already so. */
class NetlinkTest {
    private static final int EEXIST = 17;

    private static int loIndex() throws Exception {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/ifindex")).trim());
    }

    @Test
    void bringingLoopbackUpIsAcknowledgedAndAnExistingAddressIsRefusedWithEexist()
            throws Exception {
        assumeTrue(
                System.getProperty("os.name").equals("Linux")
                        && Files.exists(Path.of("/sys/class/net/lo")),
                "Linux with lo");
        try (var netlink = new Netlink()) {
            try {
                netlink.linkUp("lo", loIndex()); // already up: a no-op the kernel acknowledges
            } catch (NativeIoException e) {
                assumeTrue(e.errno() != 1, "needs CAP_NET_ADMIN (run as root)");
                throw e;
            }
            var e =
                    assertThrows(
                            NativeIoException.class,
                            () ->
                                    netlink.addAddress(
                                            "lo",
                                            loIndex(),
                                            (Inet4Address) InetAddress.getByName("127.0.0.1"),
                                            8));
            assertEquals(EEXIST, e.errno(), e.getMessage());
        }
    }
}
