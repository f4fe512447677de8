package honk.board.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the kernel's text interfaces (/proc, /sys). Plain file I/O; -1 when a value is missing. */
public final class ProcFiles {
    private ProcFiles() {}

    /** A {@code /proc/meminfo} field (e.g. {@code MemTotal}) in bytes, or -1. */
    public static long meminfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    long v = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? v * 1024 : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Counts the CPUs in a list such as {@code 0-3,5} ({@code /sys/devices/system/cpu/online}). */
    public static int countCpuList(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            if (dash < 0) {
                Integer.parseInt(part);
                n++;
            } else {
                int lo = Integer.parseInt(part.substring(0, dash));
                int hi = Integer.parseInt(part.substring(dash + 1));
                if (hi < lo) {
                    throw new IllegalArgumentException("bad cpu range '" + part + "'");
                }
                n += hi - lo + 1;
            }
        }
        return n;
    }

    /** Online CPUs from sysfs, or -1 when sysfs is not there. */
    public static int onlineCpus() {
        try {
            return countCpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
