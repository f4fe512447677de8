/**
 * Block devices on both boards: discovery (NVMe namespaces first, virtio-blk as the fallback, on
 * the virt board from sysfs once the drivers are loaded; disk-image files on the host board), the
 * registry a board exposes through {@link honk.board.block.BlockBoard}, and the shell's {@code blk}
 * command with its self-test. The I/O itself is {@link honk.board.linux.LinuxBlockDevice}.
 */
package honk.board.block;
