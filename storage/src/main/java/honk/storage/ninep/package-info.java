/**
 * 9P2000.L: the client that mounts a host directory into the filesystem tree, over a {@link
 * honk.storage.ninep.NinePTransport}.
 */
package honk.storage.ninep;
