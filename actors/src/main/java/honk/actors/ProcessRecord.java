package honk.actors;

import akka.actor.ActorPath;
import akka.actor.typed.ActorRef;

import honk.supervision.RestartWindow;

/**
 * One process's entry in its shard. Fields are grouped by owner (xv6's proc.h): most are
 * shard-confined; the meter is written by the process's mailbox and behavior (its own rules are in
 * {@link MailboxMeter}) and {@code failure} by the process's actor, both read by the shard.
 */
final class ProcessRecord {
    // immutable
    final long pid;
    final SpawnSpec spec;
    final long startedAtMillis;
    final ActorPath path; // the same for every incarnation
    final MailboxMeter meter; // written by the process's mailbox and instrument, across restarts

    // shard-confined: touched only in the shard's handlers
    ProcessState state = ProcessState.RUNNING;
    ActorRef<ProcessMessage> ref;
    int incarnation;
    int restarts;
    boolean killRequested;
    String lastFailure = "";
    long lastFailureAtMillis;
    String exitReason = "";
    RestartWindow window; // created at the first restart: most processes never need one
    long backoffMillis; // the delay of the pending restart; 0 unless restarting
    long restartAtMillis; // when the pending restart is due; 0 unless restarting

    // written by the process's actor, read by the shard
    volatile Throwable failure;

    ProcessRecord(
            long pid, SpawnSpec spec, long startedAtMillis, ActorPath path, MailboxMeter meter) {
        this.pid = pid;
        this.spec = spec;
        this.startedAtMillis = startedAtMillis;
        this.path = path;
        this.meter = meter;
    }

    String name() {
        return spec.program().name();
    }

    ProcessInfo snapshot(int shard) {
        var reading = meter.read(); // one reading: the message count and the meter agree
        return new ProcessInfo(
                pid,
                name(),
                spec.program().kind(),
                state,
                spec.restart().label(),
                spec.caps().names(),
                spec.args(),
                restarts,
                reading.handled(),
                startedAtMillis,
                lastFailure,
                lastFailureAtMillis,
                exitReason,
                shard,
                path.toStringWithoutAddress(),
                reading,
                backoffMillis,
                restartAtMillis);
    }
}
