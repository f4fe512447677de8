package honk.board.virtio;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What honk's virtio driver actors share: how an incarnation starts (it fails what the last one
 * left in flight, then waits for the device, which it resets once it has it) and the first steps of
 * handling an interrupt. Each driver keeps its own protocol and queue logic.
 */
final class VirtioDriver {
    private VirtioDriver() {}

    /**
     * The behavior of one driver: each incarnation fails {@code inFlight}'s leftovers, then gets
     * {@code ready(device)} or {@code absent(reason)} as a message, and hands every message to a
     * fresh handler from {@code incarnation}.
     */
    static <C> Behavior<C> start(
            Class<C> type,
            String name,
            CompletionStage<? extends VirtioTransport> device,
            InFlight inFlight,
            Function<VirtioTransport, C> ready,
            Function<String, C> absent,
            Supplier<Consumer<C>> incarnation) {
        return Behaviors.setup(ctx -> {
            // the device is reset on `ready`: what a previous incarnation left in flight is lost
            int abandoned = inFlight.failAll(name + ": the device was reset; request abandoned");
            if (abandoned > 0) {
                ctx.getLog().info("{}: restarted; {} request(s) in flight failed", name, abandoned);
            }
            Consumer<C> handler = incarnation.get();
            ctx.pipeToSelf(
                    device,
                    (d, e) ->
                            d != null
                                    ? ready.apply(d)
                                    : absent.apply(
                                            e.getCause() != null
                                                    ? e.getCause().getMessage()
                                                    : e.getMessage()));
            return Behaviors.receive(type)
                    .onMessage(
                            type,
                            m -> {
                                handler.accept(m);
                                return Behaviors.same();
                            })
                    .build();
        });
    }

    /**
     * After an interrupt: reads the ISR (which lowers the line), checks the device and reaps {@code
     * queue}.
     */
    static List<Virtqueue.Used> reap(String name, VirtioTransport device, Virtqueue queue) {
        device.acknowledgeInterrupt();
        if (device.broken()) {
            throw new VirtioDeviceException(name + ": the device needs a reset");
        }
        return queue.reap();
    }
}
