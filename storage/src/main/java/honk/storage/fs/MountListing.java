package honk.storage.fs;

import akka.actor.typed.ActorRef;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mount} listing in progress inside the {@link Vfs} root: each running mount is asked to
 * describe itself, and one that cannot serve is listed as unavailable, with why. Actor-confined,
 * like every {@link UnionOp}.
 */
final class MountListing extends UnionOp {
    private final List<Vfs.MountInfo> states; // as the root sees its children: up or restarting
    private final ActorRef<Vfs.Mounts> replyTo;
    private final Object[] answers;
    private int missing;

    MountListing(Layers layers, List<Vfs.MountInfo> states, ActorRef<Vfs.Mounts> replyTo) {
        super(layers);
        this.states = states;
        this.replyTo = replyTo;
        this.answers = new Object[states.size()];
    }

    @Override
    void start() {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).state().equals("up")) {
                missing++;
                layers.ask(this, i, FsProtocol.Description.class, FsProtocol.Describe::new);
            }
        }
        if (missing == 0) {
            reply();
        }
    }

    @Override
    void onAnswer(int index, Object answer) {
        answers[index] = answer;
        if (--missing == 0) {
            reply();
        }
    }

    private void reply() {
        finish();
        var out = new ArrayList<Vfs.MountInfo>();
        for (int i = 0; i < states.size(); i++) {
            Vfs.MountInfo m = states.get(i);
            String state = m.state();
            String source = m.source();
            if (answers[i] instanceof FsProtocol.Description d) {
                state = d.problem().isEmpty() ? state : "unavailable";
                source = d.problem().isEmpty() ? d.source() : d.problem();
            } else if (answers[i] instanceof FsProtocol.Failed f) {
                source = f.error().message();
            }
            out.add(
                    new Vfs.MountInfo(
                            m.name(),
                            m.kind(),
                            m.mode(),
                            state,
                            m.restarts(),
                            m.lastFailure(),
                            source));
        }
        replyTo.tell(new Vfs.Mounts(List.copyOf(out)));
    }
}
