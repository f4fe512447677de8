package honk.storage.core;

import java.util.List;

/**
 * What the core's boot found and chose, as the shell's {@code image} command shows it: the slot
 * that booted (or why none did), each candidate with its verdict (both slots and the image shipped
 * with the boot image), and the anti-rollback floor before and after.
 *
 * @param booted e.g. {@code slot A, version 41, signed by 3f2a…}, or {@code none: WHY}
 * @param candidates one line per candidate, in the order they were considered
 */
public record CoreReport(
        String booted, List<String> candidates, long floorBefore, long floorAfter) {
    public CoreReport {
        candidates = List.copyOf(candidates);
    }

    /** The report as the shell prints it. */
    public String render() {
        var out = new StringBuilder("image: booted ").append(booted);
        for (String c : candidates) {
            out.append("\n  ").append(c);
        }
        out.append("\n  anti-rollback floor: ").append(Long.toUnsignedString(floorBefore));
        if (floorAfter != floorBefore) {
            out.append(", raised to ").append(Long.toUnsignedString(floorAfter));
        }
        return out.toString();
    }
}
