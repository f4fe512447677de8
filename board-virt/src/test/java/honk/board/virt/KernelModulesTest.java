package honk.board.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class KernelModulesTest {
    @TempDir Path dir;
    @TempDir Path sys;

    private final List<String> calls = new ArrayList<>();

    /** A slice of the image's real index (scripts/image writes it from each module's .modinfo). */
    private KernelModules image() throws IOException {
        Files.write(
                dir.resolve("load-order"),
                List.of(
                        "virtio_mmio.ko",
                        "virtio_blk.ko",
                        "failover.ko",
                        "net_failover.ko",
                        "virtio_net.ko",
                        "nvme_auth.ko",
                        "nvme_keyring.ko",
                        "nvme_core.ko",
                        "nvme.ko",
                        "kvm.ko",
                        "netfs.ko",
                        "9pnet.ko",
                        "9p.ko",
                        "9pnet_virtio.ko",
                        "virtio_input.ko",
                        "evdev.ko"));
        Files.write(
                dir.resolve("modules.dep"),
                List.of(
                        "virtio_mmio.ko:",
                        "virtio_blk.ko:",
                        "failover.ko:",
                        "net_failover.ko: failover.ko",
                        "virtio_net.ko: net_failover.ko",
                        "nvme_auth.ko:",
                        "nvme_keyring.ko:",
                        "nvme_core.ko: nvme_auth.ko nvme_keyring.ko",
                        "nvme.ko: nvme_core.ko",
                        "kvm.ko:",
                        "netfs.ko:",
                        "9pnet.ko: netfs.ko",
                        "9p.ko: 9pnet.ko netfs.ko",
                        "9pnet_virtio.ko: 9pnet.ko",
                        "virtio_input.ko:",
                        "evdev.ko:"));
        Files.write(
                dir.resolve("modules.alias"),
                List.of(
                        "alias of:N*T*Cvirtio,mmioC* virtio_mmio",
                        "alias of:N*T*Cvirtio,mmio virtio_mmio",
                        "alias virtio:d00000002v* virtio_blk",
                        "alias virtio:d00000001v* virtio_net",
                        "alias pci:v*d*sv*sd*bc01sc08i02* nvme",
                        "alias fs-9p 9p",
                        "alias virtio:d00000009v* 9pnet_virtio",
                        "alias virtio:d00000012v* virtio_input",
                        "alias input:b*v*p*e*-e*0,*k*r*a*m*l*s*f*w* evdev"));
        return KernelModules.read(dir, ko -> calls.add(ko.getFileName().toString()));
    }

    private void device(String bus, String name, String modalias) throws IOException {
        Path d = sys.resolve("bus").resolve(bus).resolve("devices").resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("modalias"), modalias + "\n");
    }

    @Test
    void onlyWhatTheDevicesAskForLoadsWithItsDependenciesFirst() throws Exception {
        var km = image();
        device("platform", "10001000.virtio_mmio", "of:NvirtioT(null)Cvirtio,mmio");
        device("pci", "0000:00:02.0", "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02");
        device("pci", "0000:00:00.0", "pci:v00001B36d00000008sv00001AF4sd00001100bc06sc00i00");
        device("virtio", "virtio0", "virtio:d00000001v00001AF4");
        var outcome = km.loadForDevices(sys, 4);
        assertEquals(
                List.of(
                        "virtio_mmio.ko",
                        "failover.ko",
                        "net_failover.ko",
                        "virtio_net.ko",
                        "nvme_auth.ko",
                        "nvme_keyring.ko",
                        "nvme_core.ko",
                        "nvme.ko"),
                calls,
                "no disk, GPU, 9p or kvm module: no device asks for them");
        assertEquals(calls, outcome.loaded());
        assertEquals(
                "8 loaded (virtio_mmio failover net_failover virtio_net nvme_auth nvme_keyring"
                        + " nvme_core nvme)",
                outcome.describe());
        calls.clear();
        assertTrue(km.loadForDevices(sys, 4).loaded().isEmpty(), "a second scan loads nothing");
        assertEquals(List.of(), calls);
    }

    @Test
    void aDriverThatBringsDevicesIsFollowedInTheNextRound() throws Exception {
        var km = image();
        device("virtio", "virtio3", "virtio:d00000012v00001AF4");
        // loading virtio_input makes an input device appear, which asks for evdev
        KernelModules withHotplug =
                KernelModules.read(
                        dir,
                        ko -> {
                            calls.add(ko.getFileName().toString());
                            if (ko.getFileName().toString().equals("virtio_input.ko")) {
                                device(
                                        "input",
                                        "input0",
                                        "input:b0006v0627p0001e0001-e0,1,k71,ramlsfw");
                            }
                        });
        var outcome = withHotplug.loadForDevices(sys, 4);
        assertEquals(List.of("virtio_input.ko", "evdev.ko"), outcome.loaded());
        assertTrue(km.loaded().isEmpty());
    }

    @Test
    void requireLoadsAModuleNoDeviceAsksForOnce() throws Exception {
        var km = image();
        km.require("9p");
        assertEquals(List.of("netfs.ko", "9pnet.ko", "9p.ko"), calls);
        km.require("9pnet-virtio");
        km.require("9p");
        assertEquals(List.of("netfs.ko", "9pnet.ko", "9p.ko", "9pnet_virtio.ko"), calls);
        var e = assertThrows(IOException.class, () -> km.require("zfs"));
        assertEquals(
                "the boot image carries no kernel module zfs (scripts/image lists them)",
                e.getMessage());
    }

    @Test
    void aRefusedModuleIsReportedWithTheKernelsReasonAndNotRetried() throws Exception {
        image();
        device("virtio", "virtio1", "virtio:d00000002v00001AF4");
        var km =
                KernelModules.read(
                        dir,
                        ko -> {
                            calls.add(ko.getFileName().toString());
                            throw new IOException("finit_module(virtio_blk.ko): Invalid argument");
                        });
        var outcome = km.loadForDevices(sys, 4);
        assertEquals(List.of("virtio_blk.ko"), calls, "tried once, not once per round");
        assertEquals(
                "0 loaded; failed: virtio_blk.ko (finit_module(virtio_blk.ko): Invalid argument)",
                outcome.describe());
    }

    @Test
    void anImageWithoutAnIndexLoadsEveryModuleAsBefore() throws Exception {
        Files.write(dir.resolve("load-order"), List.of("a.ko", "b.ko", ""));
        var km = KernelModules.read(dir, ko -> calls.add(ko.getFileName().toString()));
        device("pci", "0000:00:00.0", "pci:v00001B36d00000008sv00001AF4sd00001100bc06sc00i00");
        km.loadForDevices(sys, 4);
        assertEquals(List.of("a.ko", "b.ko"), calls);
    }

    @Test
    void aliasPatternsAreFnmatchGlobs() {
        assertTrue(
                KernelModules.glob("virtio:d00000002v*")
                        .matcher("virtio:d00000002v00001AF4")
                        .matches());
        assertTrue(
                !KernelModules.glob("virtio:d00000002v*")
                        .matcher("virtio:d00000012v00001AF4")
                        .matches());
        assertTrue(
                KernelModules.glob("pci:v*d*sv*sd*bc01sc08i02*")
                        .matcher("pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02")
                        .matches());
        assertTrue(
                KernelModules.glob("of:N*T*Cvirtio,mmio")
                        .matcher("of:NvirtioT(null)Cvirtio,mmio")
                        .matches());
        assertTrue(KernelModules.glob("usb:v[0-9]?").matcher("usb:v3x").matches());
        assertTrue(!KernelModules.glob("usb:v[!0-9]").matcher("usb:v3").matches());
        assertEquals(Set.of(), KernelModules.modaliases(sys));
    }
}
