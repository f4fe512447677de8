/**
 * The kernel's composition: the guardian that brings up the process table and the system services,
 * the checked list those services start from ({@link honk.actors.kernel.Wiring}), the ports a board
 * supplies (console, harts, memory, power) and the ones a shell implements ({@link
 * honk.actors.kernel.LineSink}, {@link honk.actors.kernel.LineCompleter}), the kernel log and the
 * capability catalog. Pure Java; the board implements the ports. Depends on no shell class.
 */
package honk.actors.kernel;
