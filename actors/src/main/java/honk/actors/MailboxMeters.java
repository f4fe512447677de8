package honk.actors;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorPath;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.typed.javadsl.Adapter;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one actor system's metered mailboxes other than processes' (system services,
 * shards), by actor path without the address: a restarted service keeps its path and so its meter,
 * for the life of the system. A process's meter lives in its process-table record instead. An Akka
 * extension, so each actor system (each test's kernel) has its own. Thread-safe.
 */
public final class MailboxMeters implements Extension {
    /** The extension's id: one instance per actor system. */
    public static final Id ID = new Id();

    /** Creates the one {@link MailboxMeters} of an actor system. */
    public static final class Id extends AbstractExtensionId<MailboxMeters> {
        @Override
        public MailboxMeters createExtension(ExtendedActorSystem system) {
            return new MailboxMeters();
        }
    }

    private final ConcurrentHashMap<String, MailboxMeter> byPath = new ConcurrentHashMap<>();

    public static MailboxMeters get(akka.actor.ActorSystem system) {
        return ID.get(system);
    }

    public static MailboxMeters get(akka.actor.typed.ActorSystem<?> system) {
        return ID.get(Adapter.toClassic(system));
    }

    /** The meter of the actor at {@code path}, made on first use. */
    public MailboxMeter meterFor(ActorPath path) {
        return byPath.computeIfAbsent(path.toStringWithoutAddress(), p -> new MailboxMeter());
    }

    /** The meter of the actor at {@code path} (e.g. {@code /user/system/log}), if it has one. */
    public Optional<MailboxMeter> find(String pathWithoutAddress) {
        return Optional.ofNullable(byPath.get(pathWithoutAddress));
    }

    public Optional<MailboxMeter> find(ActorPath path) {
        return find(path.toStringWithoutAddress());
    }
}
