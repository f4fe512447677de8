package honk.board.virtio;

import honk.supervision.ServiceHandle;

import java.util.function.Supplier;

/**
 * What the virt board's virtio services offer the shell, found in the kernel's registry: the
 * entropy driver, and new channels (9P sessions) to the share tagged {@code host}.
 */
public record VirtioDrivers(
        ServiceHandle<RngDriver.Command> rng, Supplier<VirtioNinePTransport> hostShare) {}
