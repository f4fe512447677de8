/** Networking and the HTTP inspection service (roadmap phase C). Nothing yet. Depends on honk-actors only (DESIGN.md section 4). */
package honk.net;
