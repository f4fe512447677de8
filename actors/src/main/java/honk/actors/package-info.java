/**
 * The process model: a process is a supervised Akka Typed actor with a PID, capabilities, a restart
 * policy, a state and counters. The process table (sharded) owns PID allocation and watches every
 * process; lifecycle events go to one event stream. No I/O: the board supplies ports. Pure Java;
 * runs on the host JVM, in tests and on the board.
 */
package honk.actors;
