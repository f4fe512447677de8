/**
 * The filesystem as an actor tree: a {@link honk.storage.fs.Vfs} root with one child actor per
 * mount ({@link honk.storage.fs.KvMount} read-write over the KV store, {@link
 * honk.storage.fs.HostMount} read-write over a 9P2000.L host share, {@link
 * honk.storage.fs.CoreMount} read-only over the verified core), all speaking one mount protocol
 * ({@link honk.storage.fs.FsProtocol}). Lookups go through the union of the layers, top first, so
 * kv's files shadow the share and the immutable core without changing them. Processes reach it only
 * through a {@link honk.storage.fs.FilesCapability}; the shell through {@link
 * honk.storage.fs.FsService}. Runs inside honk (a system service) and in tests on fakes.
 */
package honk.storage.fs;
