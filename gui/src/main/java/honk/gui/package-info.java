/**
 * Framebuffer, input and a retained-mode toolkit (roadmap phase D). Nothing yet. Depends on
 * honk-actors only (DESIGN.md section 4).
 */
package honk.gui;
