package honk.actors;

import java.util.List;
import java.util.SortedSet;

/**
 * An immutable snapshot of one process, taken by the shard that owns it: what {@code ps} and the
 * HTTP API show. Times are epoch milliseconds; {@code lastFailure} and {@code exitReason} are empty
 * when there is none.
 *
 * @param path the process actor's path (the same across restarts)
 * @param meter what its mailbox and behavior measured: depth, waits, processing times
 * @param backoffMillis the delay before the pending restart; 0 unless restarting
 * @param restartAtMillis when the pending restart is due; 0 unless restarting
 */
public record ProcessInfo(
        long pid,
        String name,
        ProcessKind kind,
        ProcessState state,
        String restartPolicy,
        SortedSet<String> caps,
        List<String> args,
        int restarts,
        long messages,
        long startedAtMillis,
        String lastFailure,
        long lastFailureAtMillis,
        String exitReason,
        int shard,
        String path,
        MailboxMeter.Reading meter,
        long backoffMillis,
        long restartAtMillis) {}
