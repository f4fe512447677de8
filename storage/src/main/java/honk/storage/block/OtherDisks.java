package honk.storage.block;

import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;

import honk.actors.kernel.ServiceProvider;
import honk.supervision.ChildSpec;
import honk.supervision.ServiceHandle;
import honk.supervision.Strategy;
import honk.supervision.Supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver actors of the devices after the primary one: once the board has found and opened them,
 * a {@link Supervisor} of their own ({@code disks}, one for one) with one {@link BlockDriver} child
 * per device ({@code disk-1}, {@code disk-2}, ...), each a standalone child restarted in place: a
 * bug in one device's driver is reported, backed off and counted like any service's, and never
 * touches the other devices. The system service {@code disks}; {@code blk} reads their counts
 * through {@link #drivers()}.
 */
public final class OtherDisks {
    public sealed interface Command {}

    private record Found(List<BlockPort> devices) implements Command {}

    private record NotFound(Throwable cause) implements Command {}

    private final Map<String, ServiceHandle<BlockDriver.Command>> drivers =
            new ConcurrentHashMap<>();
    private final Map<String, BlockDriver.Counts> counts =
            new ConcurrentHashMap<>(); // outlive this service's restarts

    /** Each device's driver by its description, once started (thread-safe view). */
    public Map<String, ServiceHandle<BlockDriver.Command>> drivers() {
        return drivers;
    }

    /** The service: starts a driver per device of {@code devices} when it completes. */
    public Behavior<Command> create(CompletionStage<List<BlockPort>> devices) {
        return Behaviors.setup(ctx -> {
            ctx.pipeToSelf(
                    devices,
                    (found, failure) -> failure == null ? new Found(found) : new NotFound(failure));
            return Behaviors.receive(Command.class)
                    .onMessage(
                            Found.class,
                            f -> {
                                var specs = new ArrayList<ChildSpec<?>>();
                                int n = 0;
                                for (BlockPort device : f.devices()) {
                                    var handle =
                                            drivers.computeIfAbsent(
                                                    device.describe(),
                                                    d -> new ServiceHandle<>("disk-" + d));
                                    var tally =
                                            counts.computeIfAbsent(
                                                    device.describe(),
                                                    d -> new BlockDriver.Counts());
                                    specs.add(
                                            ServiceProvider.standalone(
                                                            "disk-" + ++n,
                                                            BlockDriver.create(
                                                                    CompletableFuture
                                                                            .completedFuture(
                                                                                    device),
                                                                    tally))
                                                    .handle(handle)
                                                    .props(
                                                            DispatcherSelector
                                                                    .blocking())); // its calls
                                    // block in the
                                    // kernel
                                }
                                if (!specs.isEmpty()) {
                                    ctx.spawn(
                                            Supervisor.create(
                                                    "disks",
                                                    Strategy.ONE_FOR_ONE,
                                                    ServiceProvider.STANDALONE_INTENSITY,
                                                    specs),
                                            "drivers");
                                }
                                return Behaviors.same();
                            })
                    .onMessage(
                            NotFound.class,
                            nf -> Behaviors.same()) // no other devices: nothing to drive
                    .build();
        });
    }
}
