package honk.board.net;

import honk.board.linux.Netlink;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Network bring-up on the virt board, done by honk itself through rtnetlink (no shell tools):
 * loopback up, then the first Ethernet interface up with QEMU user networking's static address
 * 10.0.2.15/24 and default route via 10.0.2.2. Linux's TCP/IP stack does the rest. Interfaces are
 * found in {@code /sys/class/net} once the virtio_net driver has probed. board-virt only.
 */
public final class NetConfig {
    /** QEMU user networking (slirp): the guest's address, its prefix, and the gateway. */
    public static final String ADDRESS = "10.0.2.15";

    public static final int PREFIX = 24;
    public static final String GATEWAY = "10.0.2.2";

    /** How long the driver may take to create the interface after its module loaded. */
    static final long SETTLE_MILLIS = 10_000;

    /** What was configured, for the {@code net} command; null fields until bring-up ran. */
    public record Configured(String iface, String address, int prefix, String gateway) {}

    private static volatile Configured configured;

    private NetConfig() {}

    public static Configured configured() {
        return configured;
    }

    /** Brings the network up; returns the line to print. Never throws: failures are the line. */
    public static String bringUp(Path sysClassNet) {
        try (var netlink = new Netlink()) {
            netlink.linkUp("lo", ifindex(sysClassNet, "lo"));
            Path sys = sysClassNet.getParent().getParent(); // /sys/class/net -> /sys
            String eth = hasNetworkDevice(sys) ? waitForEthernet(sysClassNet) : null;
            if (eth == null) {
                return "honk: net: lo up; no Ethernet interface (scripts/run adds a virtio-net"
                        + " NIC)";
            }
            int index = ifindex(sysClassNet, eth);
            netlink.linkUp(eth, index);
            netlink.addAddress(eth, index, ipv4(ADDRESS), PREFIX);
            netlink.addDefaultRoute(eth, index, ipv4(GATEWAY));
            configured = new Configured(eth, ADDRESS, PREFIX, GATEWAY);
            return "honk: net: "
                    + eth
                    + " "
                    + read(sysClassNet.resolve(eth).resolve("address"))
                    + " up, "
                    + ADDRESS
                    + "/"
                    + PREFIX
                    + " via "
                    + GATEWAY
                    + "; lo up";
        } catch (IOException | RuntimeException e) {
            return "honk: net: bring-up failed: " + e.getMessage();
        }
    }

    /**
     * Whether the machine has a network device whose interface is worth waiting for: a PCI function
     * of class 0x02 (network controller) or a virtio network device (virtio-mmio). Without one
     * there is no interface to wait for (the wait cost 10 s of every boot without a NIC).
     */
    static boolean hasNetworkDevice(Path sys) {
        for (Path d : children(sys.resolve("bus/pci/devices"))) {
            if (readQuietly(d.resolve("class")).startsWith("0x02")) {
                return true;
            }
        }
        for (Path d : children(sys.resolve("bus/virtio/devices"))) {
            if (readQuietly(d.resolve("device")).equals("0x0001")) {
                return true;
            }
        }
        return false;
    }

    private static java.util.List<Path> children(Path dir) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The first interface that is neither loopback nor virtual, waiting for the driver's probe. */
    static String waitForEthernet(Path sysClassNet) throws IOException {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (true) {
            String found = firstEthernet(sysClassNet);
            if (found != null || System.currentTimeMillis() > deadline) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    static String firstEthernet(Path sysClassNet) throws IOException {
        if (!Files.isDirectory(sysClassNet)) {
            return null;
        }
        try (Stream<Path> s = Files.list(sysClassNet)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            for (String n : names) {
                // type 1 is ARPHRD_ETHER; a device/ link means real hardware, not a bridge or a
                // tunnel
                if (!n.equals("lo")
                        && read(sysClassNet.resolve(n).resolve("type")).equals("1")
                        && Files.exists(sysClassNet.resolve(n).resolve("device"))) {
                    return n;
                }
            }
        }
        return null;
    }

    static int ifindex(Path sysClassNet, String name) throws IOException {
        return Integer.parseInt(read(sysClassNet.resolve(name).resolve("ifindex")));
    }

    static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    private static Inet4Address ipv4(String literal) throws IOException {
        return (Inet4Address) InetAddress.getByName(literal); // a literal: no name lookup
    }
}
