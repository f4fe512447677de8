/** Storage: block devices ({@code block}), the KV store, and later the filesystem actor tree and the signed core (roadmap phase B). Depends on honk-actors only (DESIGN.md section 4). */
package honk.storage;
