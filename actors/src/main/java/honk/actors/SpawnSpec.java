package honk.actors;

import honk.supervision.Backoff;
import honk.supervision.Intensity;
import honk.supervision.RestartPolicy;

import java.util.List;
import java.util.Objects;

/**
 * Everything the process table needs to start (and restart) a process.
 *
 * @param ephemeral drop the record as soon as the process ends (short-lived workers such as {@code
 *     stress}'s); otherwise the final state stays visible until {@code reap}
 */
public record SpawnSpec(
        Program program,
        List<String> args,
        RestartPolicy restart,
        Backoff backoff,
        Intensity intensity,
        Capabilities caps,
        boolean ephemeral) {

    public SpawnSpec {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(caps, "caps");
    }

    /** A process with no capabilities, restart {@code never}, default backoff and intensity. */
    public static SpawnSpec of(Program program, List<String> args) {
        return new SpawnSpec(
                program,
                args,
                RestartPolicy.NEVER,
                Backoff.DEFAULT,
                Intensity.DEFAULT,
                Capabilities.NONE,
                false);
    }

    public SpawnSpec withRestart(RestartPolicy r) {
        return new SpawnSpec(program, args, r, backoff, intensity, caps, ephemeral);
    }

    public SpawnSpec withBackoff(Backoff b) {
        return new SpawnSpec(program, args, restart, b, intensity, caps, ephemeral);
    }

    public SpawnSpec withIntensity(Intensity i) {
        return new SpawnSpec(program, args, restart, backoff, i, caps, ephemeral);
    }

    public SpawnSpec withCaps(Capabilities c) {
        return new SpawnSpec(program, args, restart, backoff, intensity, c, ephemeral);
    }

    public SpawnSpec asEphemeral() {
        return new SpawnSpec(program, args, restart, backoff, intensity, caps, true);
    }
}
