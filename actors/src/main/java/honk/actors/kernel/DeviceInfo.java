package honk.actors.kernel;

/**
 * One device the board found: on the device tree ({@code dt}, address = the node's unit address) or
 * on PCI ({@code pci}, address = the slot). {@code id} is the device-tree compatible string or the
 * PCI vendor:device pair; {@code driver} the kernel driver bound to it, or "" when none is.
 */
public record DeviceInfo(String bus, String address, String name, String id, String driver) {}
