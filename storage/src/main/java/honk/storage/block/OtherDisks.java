package honk.storage.block;

import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import honk.supervision.ServiceHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver actors of the devices after the primary one: once the board has found and opened
 * them, one {@link BlockDriver} child per device, each restarted on its own if it crashes. The
 * system service {@code disks}; {@code blk} reads their counts through {@link #drivers()}.
 */
public final class OtherDisks {
    public sealed interface Command {}

    private record Found(List<BlockPort> devices) implements Command {}

    private record NotFound(Throwable cause) implements Command {}

    private final Map<String, ServiceHandle<BlockDriver.Command>> drivers = new ConcurrentHashMap<>();

    /** Each device's driver by its description, once started (thread-safe view). */
    public Map<String, ServiceHandle<BlockDriver.Command>> drivers() {
        return drivers;
    }

    /** The service: spawns a driver per device of {@code devices} when it completes. */
    public Behavior<Command> create(CompletionStage<List<BlockPort>> devices) {
        return Behaviors.setup(ctx -> {
            ctx.pipeToSelf(devices, (found, failure) -> failure == null ? new Found(found) : new NotFound(failure));
            return Behaviors.receive(Command.class)
                    .onMessage(Found.class, f -> {
                        int n = 0;
                        for (BlockPort device : f.devices()) {
                            var handle = drivers.computeIfAbsent(device.describe(), d -> new ServiceHandle<>("disk-" + d));
                            var driver = ctx.spawn(Behaviors.supervise(BlockDriver.create(
                                    CompletableFuture.completedFuture(device), new BlockDriver.Counts()))
                                    .onFailure(SupervisorStrategy.restart()), "disk-" + ++n,
                                    akka.actor.typed.DispatcherSelector.blocking());
                            handle.set(driver);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(NotFound.class, nf -> Behaviors.same()) // no other devices: nothing to drive
                    .build();
        });
    }
}
