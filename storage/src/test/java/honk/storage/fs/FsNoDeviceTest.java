package honk.storage.fs;

import static honk.storage.fs.FsCommandsTest.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.StorageServices;
import honk.storage.core.CoreService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * The filesystem on boards that lack a block device, or a core: it serves what there is and says
 * what is missing.
 */
@Timeout(120)
class FsNoDeviceTest {
    @Test
    void withoutABlockDeviceTheCoreStillReadsAndWritesSayThereIsNoDevice() throws Exception {
        var registry = new Registry();
        registry.put(CoreService.class, FsFixtures.coreService());
        try (var k = BootedKernel.boot(1, registry, new StorageServices())) {
            assertEquals("hello from the core", one(k, "cat /etc/motd"));
            assertEquals(
                    "put: no storage device: this board offers no block device, so the kv layer is"
                            + " empty and cannot be written (on the host board: scripts/run --host"
                            + " --disk FILE)",
                    one(k, "put /etc/hostname honk"));
            assertEquals(
                    "rm: /etc/motd is in the read-only core; it cannot be deleted",
                    one(k, "rm /etc/motd"));
            assertTrue(one(k, "cp /etc/motd /x").startsWith("cp: no storage device: "));
            List<String> mount = k.sh("mount");
            assertTrue(
                    mount.get(1).matches("kv +kv +rw +unavailable +0 +no storage device: .*"),
                    mount.toString());
            assertTrue(mount.get(3).matches("core +core +ro +up .*"), mount.toString());
        }
    }

    @Test
    void withNeitherADeviceNorACoreTheTreeIsEmptyAndSaysSo() throws Exception {
        try (var k = BootedKernel.boot(1, new Registry(), new StorageServices())) {
            assertEquals("ls: / is empty", one(k, "ls"));
            assertEquals("cat: no such file or directory: /etc/motd", one(k, "cat /etc/motd"));
            assertTrue(
                    k.sh("mount")
                            .get(3)
                            .matches(
                                    "core +core +ro +unavailable +0 +no core image on this board"
                                            + " \\(none was registered\\)"),
                    k.sh("mount").toString());
        }
    }

    @Test
    void aBoardsOwnHostLayerTakesThePlaceOfTheNinePMount() throws Exception {
        var registry = new Registry();
        registry.put(
                HostLayer.class,
                new HostLayer(
                        CoreMount.create(() -> java.util.Optional.of(FsFixtures.coreService()))));
        try (var k = BootedKernel.boot(1, registry, new StorageServices())) {
            List<String> mount = k.sh("mount");
            assertTrue(
                    mount.get(2).matches("host +dir +rw +up +0 +core image version 1 .*"),
                    mount.toString());
            assertEquals("hello from the core", one(k, "cat host:/etc/motd"));
            assertEquals("hello from the core", one(k, "cat /etc/motd"), "through the union too");
        }
    }
}
