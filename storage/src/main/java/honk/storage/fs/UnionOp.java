package honk.storage.fs;

import akka.actor.typed.ActorRef;

import honk.storage.fs.FsProtocol.Failed;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One request to the union in progress inside the {@link Vfs} root: which layers it has asked and
 * what it does with each answer. The rules of the union live here.
 *
 * <ul>
 *   <li>Stat and read ({@link Lookup}) ask the layers top down and take the first answer that is
 *       not "not found"; a layer that cannot serve at all ({@link FsError.Unavailable}) is skipped.
 *       Any other refusal stops the lookup: a file in kv hides what is below it, and a failing
 *       layer is not silently passed over.
 *   <li>A listing ({@link Listing}) asks every layer at once; the highest layer that has the path
 *       decides what it is, and the directories of that layer and the ones below are merged, a name
 *       taken from the highest layer holding it. A layer set up but down is skipped and named in
 *       the reply as not listed, with its reason; one the board does not have is left out.
 *   <li>A write or a mkdir ({@link Change}) goes to the top layer, after the layers below confirmed
 *       the path is not a directory there and has no file above it, so kv never shadows a directory
 *       with a file or puts a file below one of the core's files.
 *   <li>A delete ({@link Removal}) goes to the top layer only. A file that only a lower layer holds
 *       is refused as {@link FsError.ReadOnly}; a lower layer is never changed. Deleting a kv file
 *       that shadowed a core file lets the core's copy show through again.
 * </ul>
 *
 * A request that names its layer ({@link Direct}) goes to that layer alone, under its own rules.
 *
 * <p>Actor-confined: created, asked and answered only inside the root's message handlers.
 */
abstract class UnionOp {
    /** What an operation sees of the root: the layers, and a way to ask one of them. */
    interface Layers {
        List<Layer> all();

        /**
         * Asks layer {@code index}; the answer (a reply of {@code type}, or {@link Failed}) comes
         * to {@link #answer}.
         */
        <R> void ask(
                UnionOp op,
                int index,
                Class<R> type,
                Function<ActorRef<R>, FsProtocol.Request> request);

        /** Asks layer {@code index} what {@code request} asks, the answer coming to {@code op}. */
        default void askAgain(UnionOp op, int index, FsProtocol.Request request) {
            switch (request) {
                case FsProtocol.Stat s ->
                        ask(
                                op,
                                index,
                                FsProtocol.StatReply.class,
                                r -> new FsProtocol.Stat(s.path(), r));
                case FsProtocol.ReadDir d ->
                        ask(
                                op,
                                index,
                                FsProtocol.ReadDirReply.class,
                                r -> new FsProtocol.ReadDir(d.path(), r));
                case FsProtocol.Read r ->
                        ask(
                                op,
                                index,
                                FsProtocol.ReadReply.class,
                                to -> new FsProtocol.Read(r.path(), r.offset(), r.length(), to));
                case FsProtocol.Write w ->
                        ask(
                                op,
                                index,
                                FsProtocol.ChangeReply.class,
                                r -> new FsProtocol.Write(w.path(), w.data(), r));
                case FsProtocol.Delete d ->
                        ask(
                                op,
                                index,
                                FsProtocol.ChangeReply.class,
                                r -> new FsProtocol.Delete(d.path(), r));
                case FsProtocol.MakeDir m ->
                        ask(
                                op,
                                index,
                                FsProtocol.ChangeReply.class,
                                r -> new FsProtocol.MakeDir(m.path(), r));
                case FsProtocol.Describe d ->
                        ask(op, index, FsProtocol.Description.class, FsProtocol.Describe::new);
            }
        }
    }

    final Layers layers;
    private boolean done;

    UnionOp(Layers layers) {
        this.layers = layers;
    }

    abstract void start();

    abstract void onAnswer(int index, Object answer);

    /** An answer from layer {@code index}; ignored once the operation has replied. */
    final void answer(int index, Object answer) {
        if (!done) {
            onAnswer(index, answer);
        }
    }

    final void finish() {
        done = true;
    }

    /** A change needs a writable top layer; without one it is refused (and this op is done). */
    final boolean refusedWithoutWritableLayer(
            FsPath path, ActorRef<FsProtocol.ChangeReply> replyTo, String verb) {
        if (layers.all().getFirst().writable()) {
            return false;
        }
        finish();
        replyTo.tell(
                new Failed(
                        new FsError.ReadOnly(
                                path, "cannot be " + verb + ": no layer is writable")));
        return true;
    }

    /** Whether a layer's refusal lets the lookup go on to the next layer. */
    static boolean passes(Object answer) {
        return answer instanceof Failed f
                && (f.error() instanceof FsError.NotFound
                        || f.error() instanceof FsError.Unavailable);
    }

    String name(int index) {
        return layers.all().get(index).name();
    }

    /** Stat or read: the first layer, top down, that holds the path answers. */
    static final class Lookup extends UnionOp {
        private final FsProtocol.Request request; // a Stat or a Read
        private final FsPath path;

        Lookup(Layers layers, FsProtocol.Request request, FsPath path) {
            super(layers);
            this.request = request;
            this.path = path;
        }

        @Override
        void start() {
            ask(0);
        }

        private void ask(int index) {
            if (index == layers.all().size()) {
                finish();
                switch (request) {
                    case FsProtocol.Stat s ->
                            s.replyTo()
                                    .tell(
                                            path.isRoot()
                                                    ? new FsProtocol.StatOk(FsEntry.directory("/"))
                                                    : new Failed(new FsError.NotFound(path)));
                    default ->
                            FsProtocol.fail(
                                    request,
                                    path.isRoot()
                                            ? new FsError.IsADirectory(path)
                                            : new FsError.NotFound(path));
                }
                return;
            }
            layers.askAgain(this, index, request);
        }

        @Override
        void onAnswer(int index, Object answer) {
            if (passes(answer)) {
                ask(index + 1);
                return;
            }
            finish();
            switch (request) {
                case FsProtocol.Stat s ->
                        s.replyTo()
                                .tell(
                                        answer instanceof FsProtocol.StatOk ok
                                                ? new FsProtocol.StatOk(
                                                        ok.entry().in(List.of(name(index))))
                                                : (FsProtocol.StatReply) answer);
                case FsProtocol.Read r -> r.replyTo().tell((FsProtocol.ReadReply) answer);
                default -> throw new IllegalArgumentException("not a lookup: " + request);
            }
        }
    }

    /** Gathers one answer from each of the layers it asked (by layer index), then decides. */
    abstract static class Gather extends UnionOp {
        final Object[] answers;
        private int missing;

        Gather(Layers layers) {
            super(layers);
            this.answers = new Object[layers.all().size()];
        }

        final <R> void gather(
                int index, Class<R> type, Function<ActorRef<R>, FsProtocol.Request> request) {
            missing++;
            layers.ask(this, index, type, request);
        }

        @Override
        final void onAnswer(int index, Object answer) {
            answers[index] = answer;
            if (--missing == 0) {
                decide();
            }
        }

        abstract void decide();
    }

    /** A directory listing merged over every layer. */
    static final class Listing extends Gather {
        private final FsProtocol.ReadDir request;

        Listing(Layers layers, FsProtocol.ReadDir request) {
            super(layers);
            this.request = request;
        }

        @Override
        void start() {
            for (int i = 0; i < answers.length; i++) {
                gather(
                        i,
                        FsProtocol.ReadDirReply.class,
                        r -> new FsProtocol.ReadDir(request.path(), r));
            }
        }

        @Override
        void decide() {
            finish();
            int top = 0;
            while (top < answers.length && passes(answers[top])) {
                top++;
            }
            List<FsError.Unavailable> unlisted = unlisted();
            if (top == answers.length) {
                request.replyTo()
                        .tell(
                                request.path().isRoot()
                                        ? new FsProtocol.ReadDirOk(List.of(), unlisted)
                                        : new Failed(new FsError.NotFound(request.path())));
                return;
            }
            if (answers[top] instanceof Failed f) {
                request.replyTo().tell(f);
                return;
            }
            var merged = new TreeMap<String, FsEntry>();
            for (int i = top; i < answers.length; i++) {
                if (answers[i] instanceof Failed f && f.error() instanceof FsError.Io) {
                    request.replyTo()
                            .tell(f); // a listing without a layer's names would be wrong, not short
                    return;
                }
                if (answers[i] instanceof FsProtocol.ReadDirOk ok) {
                    for (FsEntry e : ok.entries()) {
                        FsEntry had = merged.get(e.name());
                        var holders =
                                new ArrayList<>(had == null ? List.<String>of() : had.layers());
                        holders.add(name(i));
                        merged.put(e.name(), (had == null ? e : had).in(holders));
                    }
                }
            }
            request.replyTo()
                    .tell(new FsProtocol.ReadDirOk(List.copyOf(merged.values()), unlisted));
        }

        /** The layers, top first, that are set up but could not list: down, with their reason. */
        private List<FsError.Unavailable> unlisted() {
            var down = new ArrayList<FsError.Unavailable>();
            for (int i = 0; i < answers.length; i++) {
                if (answers[i] instanceof Failed f
                        && f.error() instanceof FsError.Unavailable u
                        && u.configured()) {
                    down.add(new FsError.Unavailable(name(i), u.reason()));
                }
            }
            return down;
        }
    }

    /**
     * A write or a mkdir: checked against the layers below, then made in the top layer. A write may
     * not land on a directory below; a mkdir may not land on anything there.
     */
    static final class Change extends Gather {
        private final FsPath path;
        private final ActorRef<FsProtocol.ChangeReply> replyTo;
        private final Function<ActorRef<FsProtocol.ChangeReply>, FsProtocol.Request>
                again; // the request, to the top layer
        private final boolean mkdir;

        Change(Layers layers, FsProtocol.Write w) {
            this(
                    layers,
                    w.path(),
                    w.replyTo(),
                    r -> new FsProtocol.Write(w.path(), w.data(), r),
                    false);
        }

        Change(Layers layers, FsProtocol.MakeDir m) {
            this(layers, m.path(), m.replyTo(), r -> new FsProtocol.MakeDir(m.path(), r), true);
        }

        private Change(
                Layers layers,
                FsPath path,
                ActorRef<FsProtocol.ChangeReply> replyTo,
                Function<ActorRef<FsProtocol.ChangeReply>, FsProtocol.Request> again,
                boolean mkdir) {
            super(layers);
            this.path = path;
            this.replyTo = replyTo;
            this.again = again;
            this.mkdir = mkdir;
        }

        @Override
        void start() {
            if (refusedWithoutWritableLayer(path, replyTo, mkdir ? "made" : "written")) {
                return;
            }
            if (answers.length == 1) {
                decide();
            }
            for (int i = 1; i < answers.length; i++) {
                gather(i, FsProtocol.StatReply.class, r -> new FsProtocol.Stat(path, r));
            }
        }

        @Override
        void decide() {
            finish();
            for (Object a : answers) {
                FsError conflict =
                        a instanceof FsProtocol.StatOk ok && (mkdir || ok.entry().isDirectory())
                                ? (mkdir
                                        ? new FsError.Exists(path)
                                        : new FsError.IsADirectory(path))
                                : a instanceof Failed f
                                                && (f.error() instanceof FsError.NotADirectory
                                                        || f.error() instanceof FsError.Io)
                                        ? f.error()
                                        : null;
                if (conflict != null) {
                    replyTo.tell(new Failed(conflict));
                    return;
                }
            }
            layers.ask(new Relay(layers, replyTo), 0, FsProtocol.ChangeReply.class, again::apply);
        }
    }

    /**
     * One request to one named layer, bypassing the union's rules ({@code ls host:/}, {@code put
     * host:/f}): the layer's own answer goes back, with its name on the entries it lists.
     */
    static final class Direct extends UnionOp {
        private final FsProtocol.Request request;
        private final int index;

        Direct(Layers layers, FsProtocol.Request request, int index) {
            super(layers);
            this.request = request;
            this.index = index;
        }

        @Override
        void start() {
            layers.askAgain(this, index, request);
        }

        @Override
        void onAnswer(int i, Object answer) {
            finish();
            List<String> holder = List.of(name(index));
            switch (request) {
                case FsProtocol.Stat s ->
                        s.replyTo()
                                .tell(
                                        answer instanceof FsProtocol.StatOk ok
                                                ? new FsProtocol.StatOk(ok.entry().in(holder))
                                                : (FsProtocol.StatReply) answer);
                case FsProtocol.ReadDir d ->
                        d.replyTo()
                                .tell(
                                        answer instanceof FsProtocol.ReadDirOk ok
                                                ? new FsProtocol.ReadDirOk(
                                                        ok.entries().stream()
                                                                .map(e -> e.in(holder))
                                                                .toList())
                                                : (FsProtocol.ReadDirReply) answer);
                case FsProtocol.Read r -> r.replyTo().tell((FsProtocol.ReadReply) answer);
                case FsProtocol.Write w -> w.replyTo().tell((FsProtocol.ChangeReply) answer);
                case FsProtocol.Delete d -> d.replyTo().tell((FsProtocol.ChangeReply) answer);
                case FsProtocol.MakeDir m -> m.replyTo().tell((FsProtocol.ChangeReply) answer);
                case FsProtocol.Describe d ->
                        d.replyTo()
                                .tell(
                                        answer instanceof FsProtocol.Description desc
                                                ? desc
                                                : new FsProtocol.Description(
                                                        "-", ((Failed) answer).error().message()));
            }
        }
    }

    /**
     * A delete: made in the top layer; a file only lower layers hold is refused, never deleted
     * there.
     */
    static final class Removal extends UnionOp {
        private final FsProtocol.Delete request;
        private Object fromTop; // the top layer's refusal, while the layers below are looked at

        Removal(Layers layers, FsProtocol.Delete request) {
            super(layers);
            this.request = request;
        }

        @Override
        void start() {
            if (refusedWithoutWritableLayer(request.path(), request.replyTo(), "deleted")) {
                return;
            }
            layers.ask(
                    this,
                    0,
                    FsProtocol.ChangeReply.class,
                    r -> new FsProtocol.Delete(request.path(), r));
        }

        @Override
        void onAnswer(int index, Object answer) {
            if (index == 0 && passes(answer)) {
                fromTop = answer;
                below(1);
            } else if (index == 0 || !passes(answer)) {
                finish();
                request.replyTo()
                        .tell(
                                index == 0
                                        ? (FsProtocol.ChangeReply) answer
                                        : refusal(index, answer));
            } else {
                below(index + 1);
            }
        }

        private void below(int index) {
            if (index == layers.all().size()) {
                finish();
                request.replyTo().tell((FsProtocol.ChangeReply) fromTop);
            } else {
                layers.ask(
                        this,
                        index,
                        FsProtocol.StatReply.class,
                        r -> new FsProtocol.Stat(request.path(), r));
            }
        }

        /** Why a path a lower layer answered for cannot be deleted. */
        private Failed refusal(int index, Object answer) {
            Layer layer = layers.all().get(index);
            if (answer instanceof FsProtocol.StatOk ok) {
                return new Failed(
                        ok.entry().isDirectory()
                                ? new FsError.IsADirectory(request.path())
                                : new FsError.ReadOnly(
                                        request.path(),
                                        layer.writable()
                                                ? "is in the "
                                                        + layer.name()
                                                        + " layer, which the union does not change;"
                                                        + " it cannot be deleted"
                                                : "is in the read-only "
                                                        + layer.name()
                                                        + "; it cannot be deleted"));
            }
            return (Failed) answer;
        }
    }

    /** Passes one layer's answer on to the client: the last step of a write. */
    static final class Relay extends UnionOp {
        private final ActorRef<FsProtocol.ChangeReply> replyTo;

        Relay(Layers layers, ActorRef<FsProtocol.ChangeReply> replyTo) {
            super(layers);
            this.replyTo = replyTo;
        }

        @Override
        void start() {}

        @Override
        void onAnswer(int index, Object answer) {
            finish();
            replyTo.tell((FsProtocol.ChangeReply) answer);
        }
    }
}
