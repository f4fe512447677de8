package honk.storage.core;

import static honk.storage.core.CoreFixtures.TRUSTED;
import static honk.storage.core.CoreFixtures.flip;
import static honk.storage.core.CoreFixtures.put;
import static honk.storage.core.CoreFixtures.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.block.FaultyBlockDevice;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;
import honk.storage.block.Slice;
import honk.storage.core.CoreSlots.Slot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;

@Timeout(120)
class CoreSlotsTest {
    private static final int SLOT_BLOCKS =
            256; // 128 KiB slots of 512-byte blocks: room for the test images

    private final FaultyBlockDevice device = new FaultyBlockDevice(512, 2 * SLOT_BLOCKS);
    private final Slice slotA = new Slice(device, 0, SLOT_BLOCKS, "slot A");
    private final Slice slotB = new Slice(device, SLOT_BLOCKS, SLOT_BLOCKS, "slot B");

    private CoreSlots slots(long floor) {
        return new CoreSlots(slotA, slotB, TRUSTED, floor);
    }

    @Test
    void picksTheValidSlotWithTheHigherVersion() throws IOException {
        put(slotA, CoreFixtures.image(1));
        put(slotB, CoreFixtures.image(2));
        var s = slots(0).select();
        assertEquals(Slot.B, s.slot());
        assertEquals(2, s.image().version());
        assertEquals("slot A holds version 1, older than slot B's 2", s.otherNotChosen());

        put(slotA, CoreFixtures.image(3));
        assertEquals(Slot.A, slots(0).select().slot());
    }

    @Test
    void slotAWinsATie() throws IOException {
        put(slotA, CoreFixtures.image(4));
        put(slotB, CoreFixtures.image(4));
        var s = slots(0).select();
        assertEquals(Slot.A, s.slot());
        assertTrue(s.otherNotChosen().contains("A wins a tie"), s.otherNotChosen());
    }

    @Test
    void fallsBackToTheOlderSlotWhenTheNewerIsCorruptAndSaysWhy() throws IOException {
        put(slotA, CoreFixtures.image(1));
        put(slotB, CoreFixtures.image(2));
        flip(slotB, 4096 + 100);
        var s = slots(0).select();
        assertEquals(Slot.A, s.slot());
        assertTrue(
                s.otherNotChosen().startsWith("slot B was rejected: core image in slot B")
                        && s.otherNotChosen().contains("Merkle root"),
                s.otherNotChosen());
    }

    @Test
    void aSlotBelowTheFloorIsRejectedEvenIfTheOtherIsCorrupt() throws IOException {
        put(slotA, CoreFixtures.image(1));
        put(slotB, CoreFixtures.image(2));
        assertEquals(Slot.B, slots(2).select().slot());
        flip(slotB, 4096 + 100);
        var e = assertThrows(CoreImageException.NoValidSlot.class, () -> slots(2).select());
        assertTrue(
                e.getMessage().contains("below the anti-rollback floor 2")
                        && e.getMessage().contains("Merkle root"),
                e.getMessage());
    }

    @Test
    void refusesToBootWhenBothSlotsAreInvalidGivingBothReasons() throws IOException {
        put(slotA, CoreFixtures.image(1));
        put(slotB, CoreFixtures.image(2));
        flip(slotA, 100); // in the manifest
        flip(slotB, 4096 + 100); // in the data
        var e = assertThrows(CoreImageException.NoValidSlot.class, () -> slots(0).select());
        assertTrue(
                e.getMessage().contains("Slot A: core image in slot A")
                        && e.getMessage().contains("signature does not verify")
                        && e.getMessage().contains("Slot B: core image in slot B")
                        && e.getMessage().contains("Merkle root"),
                e.getMessage());
        assertThrows(
                CoreImageException.NoValidSlot.class, () -> slots(0).select(), "blank slots too");
    }

    @Test
    void installWritesTheSlotNotSelectedAndTheNextBootSelectsIt() throws IOException {
        byte[] v1 = CoreFixtures.image(1);
        put(slotA, v1);
        var slots = slots(1);
        assertEquals(Slot.A, slots.select().slot());
        var installed = slots.install(CoreFixtures.image(2));
        assertEquals(Slot.B, installed.slot());
        assertEquals(2, installed.image().version());
        assertArrayEquals(v1, snapshot(slotA, v1.length), "the running slot is untouched");
        assertEquals(Slot.A, slots.selected().orElseThrow().slot(), "this boot still runs from A");
        assertEquals(Slot.A, slots.select().slot(), "and selecting again does not change that");

        assertEquals(Slot.B, slots(1).select().slot(), "the next boot");
        assertEquals(
                Slot.B,
                slots.install(CoreFixtures.image(3)).slot(),
                "a second update replaces the first, not the running");
    }

    @Test
    void installIntoBlankSlotsGoesToSlotA() throws IOException {
        var installed = slots(0).install(CoreFixtures.image(1));
        assertEquals(Slot.A, installed.slot());
        assertEquals(Slot.A, slots(0).select().slot());
    }

    @Test
    void installReplacesAnInvalidSlotAndNeverTheValidOne() throws IOException {
        put(slotB, CoreFixtures.image(1));
        put(slotA, CoreFixtures.image(5));
        flip(slotA, 4096);
        var slots = slots(0);
        assertEquals(Slot.A, slots.install(CoreFixtures.image(2)).slot());
        assertEquals(1, CoreImage.open(slotB, TRUSTED, 0).version());
    }

    @Test
    void installRefusesAnImageThatDoesNotVerifyBeforeWritingAnything() throws IOException {
        put(slotA, CoreFixtures.image(1));
        var slots = slots(0);
        long writes = device.writes();
        assertThrows(
                CoreImageException.Untrusted.class,
                () ->
                        slots.install(
                                CoreImageWriter.write(
                                        CoreFixtures.someFiles(), 2, CoreFixtures.OTHER_KEY)));
        byte[] corrupt = CoreFixtures.image(2);
        corrupt[4096 + 1] ^= 1;
        assertThrows(CoreImageException.Corrupt.class, () -> slots.install(corrupt));
        assertThrows(
                CoreImageException.Rollback.class, () -> slots(3).install(CoreFixtures.image(2)));
        assertEquals(writes, device.writes());
    }

    @Test
    void installRefusesAVersionNotAboveTheRunningOne() throws IOException {
        put(slotA, CoreFixtures.image(4));
        var e =
                assertThrows(
                        CoreImageException.Rollback.class,
                        () -> slots(0).install(CoreFixtures.image(4)));
        assertTrue(e.getMessage().contains("not above version 4 in slot A"), e.getMessage());
    }

    @Test
    void installRefusesAnImageLargerThanTheSlot() throws IOException {
        byte[] huge =
                CoreImageWriter.write(
                        Map.of("big", new byte[SLOT_BLOCKS * 512]), 1, CoreFixtures.KEY);
        var e = assertThrows(CoreImageException.class, () -> slots(0).install(huge));
        assertTrue(e.getMessage().contains("but slot A holds 131072"), e.getMessage());
    }

    @Test
    void aFailedFlushFailsTheInstallAndTheRunningSlotStillBoots() throws IOException {
        put(slotA, CoreFixtures.image(1));
        var slots = slots(0);
        slots.select();
        device.failNextFlush();
        assertThrows(IOException.class, () -> slots.install(CoreFixtures.image(2)));
        assertEquals(Slot.A, slots(0).select().slot());
    }

    @Test
    void powerCutAnywhereInAnInstallLeavesTheOldSlotBootable() throws IOException {
        byte[] v1 = CoreFixtures.image(1);
        byte[] v2 = CoreFixtures.image(2);
        int bootedNew = 0;
        int bootedOld = 0;
        int struck = 0;
        long operations =
                v2.length / 512
                        + 4; // block writes and flushes of a whole install, and some to spare
        var random = new Random(11);
        for (long cut = 0; cut <= operations; cut++) {
            for (double keep : new double[] {0.0, 0.5, 1.0}) {
                var fresh = new FaultyBlockDevice(512, 2 * SLOT_BLOCKS);
                var a = new Slice(fresh, 0, SLOT_BLOCKS, "slot A");
                var b = new Slice(fresh, SLOT_BLOCKS, SLOT_BLOCKS, "slot B");
                put(a, v1);
                put(b, CoreFixtures.image(0)); // an older image in B, overwritten by the update
                var slots = new CoreSlots(a, b, TRUSTED, 1);
                slots.select();
                fresh.cutPowerAfter(cut);
                try {
                    slots.install(v2);
                } catch (IOException e) {
                    assertTrue(fresh.isOff(), "only the power cut may fail the install: " + e);
                    struck++;
                }
                fresh.powerCycle(random, keep);
                var boot = new CoreSlots(a, b, TRUSTED, 1).select();
                assertEquals(
                        1, CoreImage.open(a, TRUSTED, 1).version(), "slot A after a cut at " + cut);
                if (boot.slot() == Slot.B) {
                    assertEquals(2, boot.image().version());
                    assertArrayEquals(
                            CoreFixtures.someFiles().get("lib/big.jar"),
                            boot.image().read("lib/big.jar"));
                    bootedNew++;
                } else {
                    assertEquals(1, boot.image().version());
                    bootedOld++;
                }
            }
        }
        System.out.println(
                "core install power cuts: "
                        + struck
                        + " installs cut short, "
                        + (bootedNew + bootedOld - struck)
                        + " completed; then the update booted "
                        + bootedNew
                        + " times, the old image "
                        + bootedOld
                        + " times");
        assertTrue(
                struck > 200 && bootedNew > 0,
                "cut " + struck + ", new " + bootedNew + ", old " + bootedOld);
    }

    @Test
    void theFloorMayBeRaisedToTheBootedVersionButNeverLowered() throws IOException {
        put(slotA, CoreFixtures.image(3));
        var slots = slots(1);
        assertThrows(IllegalStateException.class, slots::floorAfterBoot);
        slots.select();
        assertEquals(3, slots.floorAfterBoot());
        var higher = slots(7);
        put(slotB, CoreFixtures.image(8));
        higher.select();
        assertEquals(8, higher.floorAfterBoot());
        assertThrows(
                CoreImageException.NoValidSlot.class,
                () -> slots(9).select(),
                "both are now below the floor");
    }

    @Test
    void worksOnTheSlotsOfAFullSizedLayoutWithoutTouchingTheKvRegion() throws IOException {
        var disk = new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096));
        var layout = Layout.of(disk);
        byte[] kvBefore = snapshot(layout.kv(), 64 * 1024);
        var slots = CoreSlots.of(layout, TRUSTED, 0);
        assertEquals(Slot.A, slots.install(CoreFixtures.image(1)).slot());
        var next = CoreSlots.of(layout, TRUSTED, 0);
        next.select();
        assertEquals(Slot.B, next.install(CoreFixtures.image(2)).slot());
        assertEquals(2, CoreSlots.of(layout, TRUSTED, 0).select().image().version());
        assertArrayEquals(kvBefore, snapshot(layout.kv(), 64 * 1024));
    }

    @Test
    void theSameSlotTwiceIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new CoreSlots(slotA, slotA, TRUSTED, 0));
        assertThrows(
                IllegalArgumentException.class, () -> new CoreSlots(slotA, slotB, List.of(), 0));
    }
}
