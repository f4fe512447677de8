/**
 * The composition root: {@link honk.board.Main} picks a board (the QEMU virt board when it is PID
 * 1, the host board otherwise), boots the kernel on it and powers off when it ends. This module is
 * the only one that touches Linux; {@code honk.board.linux} holds every native call.
 */
package honk.board;
