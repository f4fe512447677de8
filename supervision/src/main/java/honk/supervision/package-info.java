/**
 * Generic supervision: restart policies, exponential backoff, restart-intensity limits and an
 * OTP-shaped supervisor for system services. Knows nothing of processes. Pure Java + Akka Typed;
 * runs on the host JVM, in tests and on the board.
 */
package honk.supervision;
