/**
 * The kernel's composition: the guardian that brings up the process table and the system services,
 * the ports a board supplies (console, harts, memory, power), the kernel log and the capability
 * catalog. Pure Java; the board implements the ports.
 */
package honk.actors.kernel;
