/**
 * honk's own virtio drivers over uio: a PCI virtio device is taken from the kernel and bound to
 * {@code uio_pci_generic}, its modern (1.x) registers are mapped through sysfs, its rings live in
 * pinned hugepages, and its interrupt is a blocking read that posts a message to the driver actor.
 * The ring, capability, pagemap and arena logic is pure Java and runs in host tests on fake memory;
 * the sysfs, mmap and uio parts are board-virt only and need root and the uio modules.
 */
package honk.board.virtio;
