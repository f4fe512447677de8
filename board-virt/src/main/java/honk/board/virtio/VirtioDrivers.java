package honk.board.virtio;

import honk.supervision.ServiceHandle;

/** What the virt board's virtio services offer the shell and the filesystem, found in the kernel's registry. */
public record VirtioDrivers(ServiceHandle<RngDriver.Command> rng, ServiceHandle<NinePDriver.Command> hostShare) {}
