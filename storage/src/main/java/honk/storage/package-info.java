/**
 * Storage: block devices ({@code block}), the KV store ({@code kv}), the signed core image in A/B
 * slots ({@code core}) and the filesystem actor tree ({@code fs}: a VFS root over kv and core
 * mounts, files as a capability). Depends on honk-actors and Bouncy Castle (DESIGN.md section 4).
 */
package honk.storage;
