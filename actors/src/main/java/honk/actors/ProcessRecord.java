package honk.actors;

import akka.actor.typed.ActorRef;
import honk.supervision.RestartWindow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One process's entry in its shard. Fields are grouped by owner (xv6's proc.h): most are
 * shard-confined; {@code messages} and {@code failure} are written by the process's own actor and
 * read by the shard, so they go through a VarHandle / volatile.
 */
final class ProcessRecord {
    private static final VarHandle MESSAGES;

    static {
        try {
            MESSAGES = MethodHandles.lookup().findVarHandle(ProcessRecord.class, "messages", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable
    final long pid;
    final SpawnSpec spec;
    final long startedAtMillis;

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

    // written by the process's actor (one writer), read by the shard
    @SuppressWarnings("unused")
    private long messages;

    volatile Throwable failure;

    ProcessRecord(long pid, SpawnSpec spec, long startedAtMillis) {
        this.pid = pid;
        this.spec = spec;
        this.startedAtMillis = startedAtMillis;
    }

    void countMessage() {
        MESSAGES.setOpaque(this, (long) MESSAGES.getOpaque(this) + 1);
    }

    long messages() {
        return (long) MESSAGES.getOpaque(this);
    }

    String name() {
        return spec.program().name();
    }

    ProcessInfo snapshot(int shard) {
        return new ProcessInfo(
                pid,
                name(),
                spec.program().kind(),
                state,
                spec.restart().label(),
                spec.caps().names(),
                spec.args(),
                restarts,
                messages(),
                startedAtMillis,
                lastFailure,
                lastFailureAtMillis,
                exitReason,
                shard);
    }
}
