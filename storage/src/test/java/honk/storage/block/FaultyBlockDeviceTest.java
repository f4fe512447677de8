package honk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

class FaultyBlockDeviceTest {
    private final FaultyBlockDevice device = new FaultyBlockDevice(512, 16);

    private static ByteBuffer filled(int blocks, int value) {
        byte[] b = new byte[blocks * 512];
        Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    private byte[] read(long block, int blocks) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(blocks * 512);
        device.read(block, b);
        return b.array();
    }

    @Test
    void unflushedWritesAreReadBackButLostAtPowerLoss() throws IOException {
        device.write(0, filled(2, 1));
        assertArrayEquals(filled(2, 1).array(), read(0, 2));
        device.cutPower();
        assertThrows(PowerLossException.class, () -> read(0, 1));
        device.powerCycle(new Random(1), 0.0);
        assertArrayEquals(new byte[1024], read(0, 2));
    }

    @Test
    void flushedWritesSurvivePowerLoss() throws IOException {
        device.write(3, filled(1, 7));
        device.flush();
        device.cutPower();
        device.powerCycle(new Random(1), 0.0);
        assertArrayEquals(filled(1, 7).array(), read(3, 1));
    }

    @Test
    void aPowerCutTearsAMultiBlockWriteAtTheArmedBlock() throws IOException {
        device.cutPowerAfter(2);
        assertThrows(PowerLossException.class, () -> device.write(0, filled(4, 9)));
        device.powerCycle(new Random(1), 1.0);
        assertArrayEquals(filled(2, 9).array(), read(0, 2), "the blocks before the cut");
        assertArrayEquals(new byte[1024], read(2, 2), "the blocks after it were never written");
    }

    @Test
    void eachUnflushedBlockSurvivesOnItsOwn() throws IOException {
        device.write(0, filled(16, 5));
        int kept = device.powerCycle(new Random(42), 0.5);
        int found = 0;
        for (int b = 0; b < 16; b++) {
            found += read(b, 1)[0] == 5 ? 1 : 0;
        }
        assertEquals(kept, found);
        assertTrue(kept > 0 && kept < 16, "a random subset: " + kept);
    }

    @Test
    void anInjectedFlushFailureKeepsTheWritesUnflushed() throws IOException {
        device.write(1, filled(1, 3));
        device.failNextFlush();
        assertThrows(IOException.class, device::flush);
        assertEquals(1, device.unflushedBlocks());
        device.flush();
        assertEquals(0, device.unflushedBlocks());
    }

    @Test
    void requestsOutsideTheDeviceOrNotWholeBlocksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> device.write(15, filled(2, 1)));
        assertThrows(
                IllegalArgumentException.class, () -> device.write(0, ByteBuffer.allocate(100)));
        assertThrows(
                IllegalArgumentException.class, () -> device.read(-1, ByteBuffer.allocate(512)));
    }

    @Test
    void aSliceIsAWindowOntoItsDevice() throws IOException {
        var slice = new Slice(device, 4, 8, "kv");
        slice.write(0, filled(1, 6));
        assertArrayEquals(filled(1, 6).array(), read(4, 1));
        assertThrows(IllegalArgumentException.class, () -> slice.write(8, filled(1, 6)));
        assertThrows(IllegalArgumentException.class, () -> new Slice(device, 10, 8, "too big"));
    }
}
