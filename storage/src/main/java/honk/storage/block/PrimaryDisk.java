package honk.storage.block;

import honk.supervision.ServiceHandle;

import java.util.concurrent.CompletionStage;

/**
 * The primary device as storage runs it, in the kernel's registry: its driver actor's handle and
 * the port through it ({@link DrivenBlockPort}) once the device is open. The KV store, the core and
 * {@code blk test} all reach the device through this one driver.
 */
public record PrimaryDisk(
        ServiceHandle<BlockDriver.Command> driver, CompletionStage<BlockPort> port) {}
