package honk.actors;

import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;

/**
 * Wraps every process's behavior: counts the messages it handles and times each one (into the
 * process's {@link MailboxMeter}, whose mailbox side counts what waits), and records the cause of a
 * crash (at start, in a message or in a signal) before the failure stops the actor, so that the
 * shard can report it. Measured inside the process actor, never guessed from outside.
 */
final class ProcessInstrument extends BehaviorInterceptor<ProcessMessage, ProcessMessage> {
    private final ProcessRecord record;

    ProcessInstrument(ProcessRecord record) {
        super(ProcessMessage.class);
        this.record = record;
    }

    @Override
    public Behavior<ProcessMessage> aroundStart(
            TypedActorContext<ProcessMessage> ctx, PreStartTarget<ProcessMessage> target) {
        try {
            return target.start(ctx);
        } catch (Throwable t) {
            record.failure = t;
            throw t;
        }
    }

    @Override
    public Behavior<ProcessMessage> aroundReceive(
            TypedActorContext<ProcessMessage> ctx,
            ProcessMessage msg,
            ReceiveTarget<ProcessMessage> target) {
        record.meter.handling();
        try {
            return target.apply(ctx, msg);
        } catch (Throwable t) {
            record.failure = t;
            throw t;
        } finally {
            record.meter.handled(); // timed from the message's dequeue, just before this call
        }
    }

    @Override
    public Behavior<ProcessMessage> aroundSignal(
            TypedActorContext<ProcessMessage> ctx,
            Signal signal,
            SignalTarget<ProcessMessage> target) {
        try {
            return target.apply(ctx, signal);
        } catch (Throwable t) {
            record.failure = t;
            throw t;
        }
    }
}
