/** Storage: block devices, the KV store, the filesystem actor tree, the signed core (roadmap phase B). Nothing yet. Depends on honk-actors only (DESIGN.md section 4). */
package honk.storage;
