package honk.storage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.storage.block.BlockPort;
import honk.storage.block.Layout;
import honk.storage.block.MemoryBlockDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

@Timeout(60)
class CoreBootTest {
    private final MemoryBlockDevice disk =
            new MemoryBlockDevice(4096, (int) (Layout.MIN_BYTES / 4096));
    private final List<String> lines = new ArrayList<>();

    private CoreImage boot(Optional<byte[]> shipped) throws Exception {
        CoreService core =
                CoreBoot.start(
                        CompletableFuture.<BlockPort>completedFuture(disk),
                        CoreFixtures.TRUSTED,
                        shipped,
                        line -> {
                            synchronized (lines) {
                                lines.add(line);
                            }
                        });
        return core.image().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private CoreReport report(Optional<byte[]> shipped) throws Exception {
        return CoreBoot.start(
                        CompletableFuture.<BlockPort>completedFuture(disk),
                        CoreFixtures.TRUSTED,
                        shipped,
                        line -> {})
                .report()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void theReportOfABlankDiskSaysTheShippedImageWasInstalled() throws Exception {
        CoreReport r = report(Optional.of(CoreFixtures.image(3)));
        assertTrue(r.booted().startsWith("slot A, version 3, signed by "), r.booted());
        assertTrue(
                r.candidates().get(0).startsWith("slot A: rejected: "), r.candidates().toString());
        assertTrue(
                r.candidates().get(1).startsWith("slot B: rejected: "), r.candidates().toString());
        assertEquals(
                "shipped: version 3, valid, installed into slot A (no slot held a valid image)",
                r.candidates().get(2));
        assertEquals(0, r.floorBefore());
        assertEquals(3, r.floorAfter());
        assertTrue(r.render().contains("anti-rollback floor: 0, raised to 3"), r.render());
    }

    @Test
    void theReportNamesTheNewerSlotAndWhyACorruptedNewerOneLost() throws Exception {
        Layout layout = Layout.of(disk);
        CoreFixtures.put(layout.slotA(), CoreFixtures.image(6));
        CoreFixtures.put(layout.slotB(), CoreFixtures.image(7));
        CoreReport both = report(Optional.of(CoreFixtures.image(5)));
        assertTrue(both.booted().startsWith("slot B, version 7, "), both.booted());
        assertEquals(
                List.of(
                        "slot A: version 6, 4 files, valid",
                        "slot B: version 7, 4 files, valid",
                        "shipped: version 5, valid, not installed (slot B holds version 7)"),
                both.candidates());

        CoreFixtures.put(
                layout.slotA(),
                CoreFixtures.image(8)); // the floor is 7 now; A gets newer, then is corrupted
        CoreFixtures.flip(layout.slotA(), 100);
        CoreReport corrupted = report(Optional.empty());
        assertTrue(corrupted.booted().startsWith("slot B, version 7, "), corrupted.booted());
        assertTrue(
                corrupted.candidates().get(0).startsWith("slot A: rejected: "),
                corrupted.candidates().toString());
        assertEquals("shipped: none came with the boot image", corrupted.candidates().get(2));
        assertEquals(7, corrupted.floorBefore());
        assertTrue(
                corrupted.render().contains("anti-rollback floor: 7\n")
                        || corrupted.render().endsWith("anti-rollback floor: 7"),
                corrupted.render());
    }

    @Test
    void withNoValidSlotTheReportSaysWhyNothingBooted() throws Exception {
        CoreReport r = report(Optional.empty());
        assertTrue(r.booted().startsWith("none: no valid core image in either slot"), r.booted());
        assertTrue(r.render().startsWith("image: booted none: "), r.render());
    }

    @Test
    void aBlankDiskGetsTheShippedImageInstalledAndBooted() throws Exception {
        CoreImage booted = boot(Optional.of(CoreFixtures.image(3)));
        assertEquals(3, booted.version());
        assertTrue(lines.contains("honk: core: installed version 3 into slot A"), lines.toString());
        assertTrue(lines.getLast().startsWith("honk: core: slot A, version 3, "), lines.toString());
    }

    @Test
    void theSameImageIsNotInstalledTwiceAndANewerOneGoesToTheOtherSlot() throws Exception {
        boot(Optional.of(CoreFixtures.image(3)));
        lines.clear();
        assertEquals(3, boot(Optional.of(CoreFixtures.image(3))).version());
        assertTrue(lines.stream().noneMatch(l -> l.contains("installed")), lines.toString());
        CoreImage newer = boot(Optional.of(CoreFixtures.image(4)));
        assertEquals(4, newer.version());
        assertTrue(lines.contains("honk: core: installed version 4 into slot B"), lines.toString());
        assertEquals(
                4,
                boot(Optional.of(CoreFixtures.image(3))).version(),
                "an older shipped image never wins");
    }

    @Test
    void aBootedVersionRaisesTheFloorSoOlderImagesNeverBootAgain() throws Exception {
        boot(Optional.of(CoreFixtures.image(4)));
        Layout layout = Layout.of(disk);
        assertEquals(4, FloorRecord.read(layout.floor()));
        CoreFixtures.put(
                layout.slotA(), CoreFixtures.image(3)); // an attacker rolls both slots back
        CoreFixtures.put(layout.slotB(), CoreFixtures.image(3));
        var e = assertThrows(ExecutionException.class, () -> boot(Optional.empty()));
        assertTrue(e.getCause() instanceof CoreImageException.NoValidSlot, e.getCause().toString());
        lines.clear();
        assertEquals(
                4,
                boot(Optional.of(CoreFixtures.image(4))).version(),
                "a shipped image at the floor reinstalls");
    }

    @Test
    void aShippedImageBelowTheFloorIsNotInstalledAndTheCurrentOneBoots() throws Exception {
        boot(Optional.of(CoreFixtures.image(5)));
        lines.clear();
        assertEquals(5, boot(Optional.of(CoreFixtures.image(2))).version());
        assertTrue(
                lines.contains(
                        "honk: core: the shipped image is older than the floor on disk; not"
                                + " installed"),
                lines.toString());
    }

    @Test
    void withoutAValidSlotOrAShippedImageTheCoreFailsClosed() {
        var e = assertThrows(ExecutionException.class, () -> boot(Optional.empty()));
        assertTrue(e.getCause() instanceof CoreImageException.NoValidSlot, e.getCause().toString());
        assertTrue(lines.getLast().startsWith("honk: core: unavailable: "), lines.toString());
    }

    @Test
    void aShippedImageSignedByAnUntrustedKeyIsRefused() {
        byte[] foreign = CoreImageWriter.write(CoreFixtures.someFiles(), 9, CoreFixtures.OTHER_KEY);
        var e = assertThrows(ExecutionException.class, () -> boot(Optional.of(foreign)));
        assertTrue(e.getCause() instanceof CoreImageException.Untrusted, e.getCause().toString());
    }

    @Test
    void noDeviceMeansNoCoreAndSaysWhy() {
        CoreService core =
                CoreBoot.start(
                        CompletableFuture.failedFuture(new java.io.IOException("no block device")),
                        CoreFixtures.TRUSTED,
                        Optional.empty(),
                        lines::add);
        var e =
                assertThrows(
                        ExecutionException.class,
                        () -> core.image().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(
                e.getCause().getMessage().contains("no block device"), e.getCause().getMessage());
        assertEquals(List.of(), lines, "no disk is not worth a boot line");
    }

    @Test
    void mkimageSeedsASlotOfADiskImageWhereTheBootFindsIt(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(Layout.MIN_BYTES);
        }
        Files.write(tmp.resolve("core.img"), CoreFixtures.image(9));
        MkImage.main(
                new String[] {"seed", file.toString(), "B", tmp.resolve("core.img").toString()});
        byte[] raw = Files.readAllBytes(file);
        disk.write(0, java.nio.ByteBuffer.wrap(raw)); // the file, as the board would see it
        assertTrue(report(Optional.empty()).booted().startsWith("slot B, version 9, "));
    }

    @Test
    void mkimageSignsADirectoryThatVerifiesWithTheGeneratedKey(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("core/etc"));
        Files.writeString(dir.resolve("motd"), "welcome to honk\n");
        MkImage.main(
                new String[] {
                    "keygen", tmp.resolve("core.key").toString(), tmp.resolve("core.pub").toString()
                });
        MkImage.main(
                new String[] {
                    "mkimage",
                    tmp.resolve("core.key").toString(),
                    "7",
                    tmp.resolve("core").toString(),
                    tmp.resolve("core.img").toString()
                });
        var trusted =
                List.of(
                        CoreKeys.PublicKey.fromHex(
                                Files.readString(tmp.resolve("core.pub")).trim()));
        CoreImage image =
                CoreImage.fromBytes(
                        Files.readAllBytes(tmp.resolve("core.img")), "core.img", trusted, 0);
        assertEquals(7, image.version());
        assertEquals(
                "welcome to honk\n", new String(image.read("etc/motd"), StandardCharsets.UTF_8));
        assertTrue(
                Files.readString(tmp.resolve("core.key")).trim().length() == 64,
                "the key file holds the seed in hex");
    }
}
