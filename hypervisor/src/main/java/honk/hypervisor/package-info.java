/**
 * VM and vCPU actors over KVM (roadmap phase E). Nothing yet. Depends on honk-actors only
 * (DESIGN.md section 4).
 */
package honk.hypervisor;
