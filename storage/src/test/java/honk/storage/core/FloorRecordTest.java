package honk.storage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import honk.storage.block.FaultyBlockDevice;
import honk.storage.block.PowerLossException;

import org.junit.jupiter.api.Test;

import java.util.Random;

class FloorRecordTest {
    private final FaultyBlockDevice area = new FaultyBlockDevice(512, 2);

    @Test
    void aBlankAreaHasFloorZeroAndTheFloorOnlyRises() throws Exception {
        assertEquals(0, FloorRecord.read(area));
        FloorRecord.raise(area, 5);
        assertEquals(5, FloorRecord.read(area));
        FloorRecord.raise(area, 3);
        assertEquals(5, FloorRecord.read(area), "a lower floor is ignored");
        FloorRecord.raise(area, 9);
        assertEquals(9, FloorRecord.read(area));
    }

    @Test
    void aRaiseCutOffByPowerLossLeavesTheOldFloor() throws Exception {
        FloorRecord.raise(area, 5);
        area.cutPowerAfter(0);
        assertThrows(PowerLossException.class, () -> FloorRecord.raise(area, 7));
        area.powerCycle(new Random(1), 0.0);
        assertEquals(5, FloorRecord.read(area));
    }

    @Test
    void aCorruptCopyIsIgnoredInFavourOfTheOther() throws Exception {
        FloorRecord.raise(area, 5); // generation 1, block 1
        FloorRecord.raise(area, 7); // generation 2, block 0
        var garbage = java.nio.ByteBuffer.allocate(512);
        garbage.put(20, (byte) 1);
        area.write(0, garbage);
        assertEquals(5, FloorRecord.read(area));
    }
}
