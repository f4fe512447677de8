package honk.board.net;

import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellContext;
import honk.actors.shell.ShellException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shell's {@code net}: every interface with its MAC, link state, MTU and counters (from {@code
 * /sys/class/net}), the IPv4 addresses the kernel holds as local ({@code /proc/net/fib_trie}) and
 * the default route ({@code /proc/net/route}). Read from the kernel at each call, not cached.
 */
public final class NetCommands implements ShellCommandProvider {
    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.of(
                                "net",
                                "",
                                "network interfaces: MAC, link, addresses, route, counters",
                                (ctx, args) ->
                                        net(
                                                ctx,
                                                args,
                                                Path.of("/sys/class/net"),
                                                Path.of("/proc/net")))
                        .withExample("net", "every interface, the local addresses, the route"));
    }

    static String net(ShellContext ctx, List<String> args, Path sysClassNet, Path procNet) {
        if (!args.isEmpty()) {
            throw new ShellException("net: too many arguments; usage: net");
        }
        var out =
                new StringBuilder(
                        String.format(
                                "%-8s %-17s %-6s %5s %12s %9s %12s %9s",
                                "IFACE",
                                "MAC",
                                "LINK",
                                "MTU",
                                "RX BYTES",
                                "RX PKTS",
                                "TX BYTES",
                                "TX PKTS"));
        try (Stream<Path> s = Files.list(sysClassNet)) {
            for (Path dev : s.sorted().toList()) {
                out.append('\n')
                        .append(
                                String.format(
                                        "%-8s %-17s %-6s %5s %12s %9s %12s %9s",
                                        dev.getFileName(),
                                        read(dev, "address"),
                                        read(dev, "operstate"),
                                        read(dev, "mtu"),
                                        read(dev, "statistics/rx_bytes"),
                                        read(dev, "statistics/rx_packets"),
                                        read(dev, "statistics/tx_bytes"),
                                        read(dev, "statistics/tx_packets")));
            }
        } catch (IOException e) {
            throw new ShellException("net: cannot list " + sysClassNet + ": " + e.getMessage());
        }
        out.append("\nipv4 local: ")
                .append(String.join(" ", localAddresses(procNet.resolve("fib_trie"))));
        out.append("\ndefault route: ").append(defaultRoute(procNet.resolve("route")));
        return out.toString();
    }

    private static String read(Path dev, String attribute) {
        try {
            return Files.readString(dev.resolve(attribute)).trim();
        } catch (IOException e) {
            return "-";
        }
    }

    /**
     * The addresses fib_trie marks "/32 host LOCAL": the previous "|-- A.B.C.D" line names each.
     */
    static List<String> localAddresses(Path fibTrie) {
        var found = new LinkedHashSet<String>();
        try {
            String last = null;
            for (String line : Files.readAllLines(fibTrie)) {
                String t = line.trim();
                if (t.startsWith("|-- ")) {
                    last = t.substring(4).trim();
                } else if (t.contains("/32 host LOCAL") && last != null) {
                    found.add(last);
                }
            }
        } catch (IOException e) {
            return List.of("(unknown: " + e.getMessage() + ")");
        }
        return found.isEmpty() ? List.of("none") : List.copyOf(found);
    }

    /**
     * The default route's gateway and interface from /proc/net/route (little-endian hex), or
     * "none".
     */
    static String defaultRoute(Path route) {
        try {
            for (String line : Files.readAllLines(route)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[1].equals("00000000") && !f[0].equals("Iface")) {
                    long g = Long.parseLong(f[2], 16);
                    return String.format(
                            "via %d.%d.%d.%d dev %s",
                            g & 0xff, (g >> 8) & 0xff, (g >> 16) & 0xff, (g >> 24) & 0xff, f[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
        return "none";
    }
}
