package honk.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

class ReadyLineTest {
    @Test
    void namesWhatIsUpAndWhatGaveUp() {
        assertEquals(
                "honk: ready in 9.8 s: smp, kv, modules (not up: virtio-rng)",
                Boot.readyLine(
                        9_830,
                        List.of(
                                "smp",
                                "kv",
                                "modules",
                                "virtio-rng (failed: no virtio-rng-pci device)")));
        assertEquals("honk: ready in 0.4 s: nothing to wait for", Boot.readyLine(400, List.of()));
    }
}
