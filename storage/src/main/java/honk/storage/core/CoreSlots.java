package honk.storage.core;

import honk.storage.block.BlockPort;
import honk.storage.block.Layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two core image slots (A/B, see {@link Layout}) and the choice between them. At boot, {@link
 * #select} verifies both and picks the valid image with the highest version at or above the
 * anti-rollback floor (A on a tie), saying why the other lost; with neither valid it fails closed,
 * giving both reasons.
 *
 * <p>An update ({@link #install}) goes to the other slot, never the selected one, which the running
 * system reads from. The image is verified before a byte is written; then the slot's first block is
 * zeroed, the rest written and the first block (the magic) written last, each step flushed; then it
 * is read back and verified through {@link CoreImage} before the install counts. Power lost during
 * an install so leaves the selected slot as it was and the other one invalid or whole. The floor is
 * the caller's to keep: once a selected image has booted and proved good, persist {@link
 * #floorAfterBoot()} and pass it next time.
 *
 * <p>Not thread-safe: one owner (the boot code, later the storage actor) calls it. Pure Java over
 * {@link BlockPort}.
 */
public final class CoreSlots {
    /** A slot's name. */
    public enum Slot {
        A,
        B;

        public Slot other() {
            return this == A ? B : A;
        }
    }

    /** The slot to boot, its verified image, and why the other slot was not chosen. */
    public record Selection(Slot slot, CoreImage image, String otherNotChosen) {}

    /** A finished install: the slot written and the image as read back from it. */
    public record Installed(Slot slot, CoreImage image) {}

    private final BlockPort slotA;
    private final BlockPort slotB;
    private final Set<CoreKeys.PublicKey> trusted;
    private final long floor;

    // owner-confined
    private Selection selected; // null until select() succeeds
    private List<String> verdicts = List.of();

    /**
     * The slots, the keys an image must be signed with and the anti-rollback floor (unsigned; 0:
     * none).
     */
    public CoreSlots(
            BlockPort slotA, BlockPort slotB, Collection<CoreKeys.PublicKey> trusted, long floor) {
        if (slotA == slotB) {
            throw new IllegalArgumentException(
                    "slot A and slot B are the same port (" + slotA.describe() + ")");
        }
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException(
                    "no trusted keys: no core image could verify; configure a public key");
        }
        this.slotA = slotA;
        this.slotB = slotB;
        this.trusted = Set.copyOf(trusted);
        this.floor = floor;
    }

    public static CoreSlots of(Layout layout, Collection<CoreKeys.PublicKey> trusted, long floor) {
        return new CoreSlots(layout.slotA(), layout.slotB(), trusted, floor);
    }

    /**
     * Verifies both slots and selects the one to boot. The first selection is this boot's: later
     * calls return it unchanged (even after an install), so installs always go to the other slot.
     * To see what the next boot would choose, use a new instance.
     */
    public Selection select() throws CoreImageException.NoValidSlot {
        if (selected != null) {
            return selected;
        }
        Outcome a = tryOpen(slotA);
        Outcome b = tryOpen(slotB);
        verdicts = List.of(verdict(Slot.A, a), verdict(Slot.B, b));
        if (a instanceof Valid(CoreImage ia) && b instanceof Valid(CoreImage ib)) {
            int order = Long.compareUnsigned(ib.version(), ia.version());
            selected =
                    order > 0
                            ? new Selection(
                                    Slot.B,
                                    ib,
                                    "slot A holds version "
                                            + v(ia)
                                            + ", older than slot B's "
                                            + v(ib))
                            : new Selection(
                                    Slot.A,
                                    ia,
                                    "slot B holds version "
                                            + v(ib)
                                            + (order == 0
                                                    ? ", the same as slot A's; A wins a tie"
                                                    : ", older than slot A's " + v(ia)));
        } else if (a instanceof Valid(CoreImage ia) && b instanceof Rejected(String why)) {
            selected = new Selection(Slot.A, ia, "slot B was rejected: " + why);
        } else if (b instanceof Valid(CoreImage ib) && a instanceof Rejected(String why)) {
            selected = new Selection(Slot.B, ib, "slot A was rejected: " + why);
        } else {
            throw new CoreImageException.NoValidSlot(
                    "no valid core image in either slot (anti-rollback floor "
                            + Long.toUnsignedString(floor)
                            + "). Slot A: "
                            + ((Rejected) a).why()
                            + ". Slot B: "
                            + ((Rejected) b).why()
                            + ". Install a signed image of version "
                            + Long.toUnsignedString(floor)
                            + " or newer.");
        }
        return selected;
    }

    private sealed interface Outcome {}

    private record Valid(CoreImage image) implements Outcome {}

    private record Rejected(String why) implements Outcome {}

    private Outcome tryOpen(BlockPort slot) {
        try {
            return new Valid(CoreImage.open(slot, trusted, floor));
        } catch (CoreImageException e) {
            return new Rejected(e.getMessage());
        } catch (IOException e) {
            return new Rejected(
                    "core image in "
                            + slot.describe()
                            + ": the device failed while reading it ("
                            + e.getMessage()
                            + ")");
        }
    }

    /**
     * What {@link #select} found in each slot, A then B, one line each: {@code version N, valid} or
     * {@code rejected: WHY}. Empty before the first selection.
     */
    public List<String> verdicts() {
        return verdicts;
    }

    private static String verdict(Slot slot, Outcome outcome) {
        return "slot "
                + slot
                + ": "
                + switch (outcome) {
                    case Valid(CoreImage image) ->
                            "version " + v(image) + ", " + image.files().size() + " files, valid";
                    case Rejected(String why) -> "rejected: " + why;
                };
    }

    /** The selection made by {@link #select}, if it has run and found a valid slot. */
    public Optional<Selection> selected() {
        return Optional.ofNullable(selected);
    }

    /**
     * Writes {@code image} to the slot not selected (slot A if neither is valid) and verifies it
     * there. Refused, before anything is written, if it does not verify, or if its version is not
     * above the selected image's (it would never be chosen). A failure after writing began leaves
     * the slot invalid; the selected slot is never touched.
     */
    public Installed install(byte[] image) throws IOException {
        CoreImage incoming = CoreImage.fromBytes(image, "the image to install", trusted, floor);
        if (selected == null) {
            try {
                select();
            } catch (CoreImageException.NoValidSlot e) {
                // neither slot is valid: either may be written
            }
        }
        Slot target = selected == null ? Slot.A : selected.slot().other();
        if (selected != null
                && Long.compareUnsigned(incoming.version(), selected.image().version()) <= 0) {
            throw new CoreImageException.Rollback(
                    "the image to install has version "
                            + v(incoming)
                            + ", not above version "
                            + v(selected.image())
                            + " in slot "
                            + selected.slot()
                            + ", so it would never be chosen at boot: sign it with"
                            + " a higher version");
        }
        BlockPort port = port(target);
        int bs = port.blockSize();
        byte[] padded = Arrays.copyOf(image, (image.length + bs - 1) / bs * bs);
        if (padded.length > port.sizeBytes()) {
            throw new CoreImageException(
                    "the image to install is "
                            + image.length
                            + " bytes, but slot "
                            + target
                            + " holds "
                            + port.sizeBytes()
                            + ": leave some files out");
        }
        write(port, padded);
        CoreImage written = CoreImage.open(port, trusted, floor);
        if (written.version() != incoming.version()
                || !MessageDigest.isEqual(written.merkleRoot(), incoming.merkleRoot())) {
            throw new CoreImageException.Corrupt(
                    "slot "
                            + target
                            + " read back a different image (version "
                            + v(written)
                            + ") from the one written (version "
                            + v(incoming)
                            + "): the device did not keep the write");
        }
        return new Installed(target, written);
    }

    /**
     * First block zeroed, the rest, then the first block: the slot is an image only once all of it
     * is down.
     */
    private static void write(BlockPort port, byte[] padded) throws IOException {
        int bs = port.blockSize();
        synchronized (port) {
            port.write(0, ByteBuffer.allocate(bs));
            port.flush();
            if (padded.length > bs) {
                port.write(1, ByteBuffer.wrap(padded, bs, padded.length - bs));
                port.flush();
            }
            port.write(0, ByteBuffer.wrap(padded, 0, bs));
            port.flush();
        }
    }

    /**
     * The floor to persist once the selected image has booted and proved good: its version, or the
     * current floor if that is higher. Raising it retires every older image for good.
     */
    public long floorAfterBoot() {
        if (selected == null) {
            throw new IllegalStateException("no slot is selected: call select() first");
        }
        return Long.compareUnsigned(selected.image().version(), floor) > 0
                ? selected.image().version()
                : floor;
    }

    private BlockPort port(Slot slot) {
        return slot == Slot.A ? slotA : slotB;
    }

    private static String v(CoreImage image) {
        return Long.toUnsignedString(image.version());
    }
}
