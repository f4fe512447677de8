package honk.storage.fs;

import static honk.storage.fs.FsCommandsTest.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.BootedKernel;
import honk.actors.kernel.Registry;
import honk.storage.StorageServices;
import honk.storage.block.BlockDevices;
import honk.storage.block.BlockPort;
import honk.storage.core.CoreService;
import honk.storage.ninep.NinePShare;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ls} of the union on a whole kernel: after the listing, one line per layer that the board
 * set up but that is down (a disk that failed, a share whose server does not answer), with that
 * layer's reason; nothing for a layer the board does not have (no disk, no {@code --share}). The
 * layers that are up are listed as ever, and a write meant for a down layer says why it fails.
 */
@Timeout(120)
class LsMarksDownLayersTest {
    private static final String KV_DOWN =
            "(kv: not listed: the KV store is unavailable: the disk answered nothing)";
    private static final String HOST_DOWN =
            "(host: not listed: the host share test cannot be reached: connection refused)";

    @Test
    void lsNamesEachLayerThatIsDownAfterListingTheLayersThatAreUp() throws Exception {
        var registry = new Registry();
        registry.put(
                BlockDevices.class,
                () ->
                        CompletableFuture.<BlockPort>failedFuture(
                                new IOException("the disk answered nothing")));
        registry.put(CoreService.class, FsFixtures.coreService());
        registry.put(
                NinePShare.class,
                NinePShare.asRoot(
                        "test",
                        () -> {
                            throw new IOException("connection refused");
                        },
                        ""));
        try (var k = BootedKernel.boot(1, registry, new StorageServices())) {
            // the store tries its device in the background
            List<String> ls =
                    Eventually.await(
                            "ls names the kv layer as down",
                            BootedKernel.WAIT,
                            () -> k.sh("ls"),
                            out -> out.contains(KV_DOWN));
            assertEquals(List.of(KV_DOWN, HOST_DOWN), ls.subList(ls.size() - 2, ls.size()));
            assertTrue(ls.contains("dir           -  core      etc/"), ls.toString());
            assertEquals(
                    List.of(
                            "file         10  core      issue",
                            "file         20  core      motd",
                            KV_DOWN,
                            HOST_DOWN),
                    k.sh("ls /etc"));
            assertEquals("hello from the core", one(k, "cat /etc/motd"));
            assertEquals(
                    "put: the KV store is unavailable: the disk answered nothing",
                    one(k, "put /notes kept?"));
            assertEquals(
                    "put: the host share test cannot be reached: connection refused",
                    one(k, "put host:/notes kept?"));
        }
    }

    @Test
    void lsSaysNothingOfALayerTheBoardDoesNotHave() throws Exception {
        var registry = new Registry();
        registry.put(CoreService.class, FsFixtures.coreService());
        try (var k = BootedKernel.boot(1, registry, new StorageServices())) {
            List<String> ls = k.sh("ls");
            assertTrue(ls.contains("dir           -  core      etc/"), ls.toString());
            assertTrue(ls.stream().noneMatch(l -> l.startsWith("(")), ls.toString());
            assertEquals(
                    List.of("file         10  core      issue", "file         20  core      motd"),
                    k.sh("ls /etc"));
        }
    }
}
