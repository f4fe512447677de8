/** Storage: block devices ({@code block}), the KV store ({@code kv}), the signed core image in A/B slots ({@code core}), and later the filesystem actor tree (roadmap phase B). Depends on honk-actors and Bouncy Castle (DESIGN.md section 4). */
package honk.storage;
