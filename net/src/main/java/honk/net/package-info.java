/**
 * Networking (roadmap phase C). {@code honk.net.http} is the HTTP inspection service; network
 * bring-up under QEMU comes later. Depends on honk-actors only (DESIGN.md section 4).
 */
package honk.net;
