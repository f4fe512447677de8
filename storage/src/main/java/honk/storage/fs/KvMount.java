package honk.storage.fs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;

import honk.storage.fs.FsProtocol.ChangeReply;
import honk.storage.fs.FsProtocol.Failed;
import honk.storage.kv.KvException;
import honk.storage.kv.KvOp;
import honk.storage.kv.KvService;
import honk.storage.kv.KvStore;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code kv} layer: the read-write mount over the KV store. A file is one key, {@code fs:} and
 * its path ({@code fs:/etc/hostname}), holding the file's bytes; a directory is implied by the
 * files below it, or made by mkdir as a marker key ending in '/' ({@code fs:/home/}, no bytes), so
 * an empty directory exists until it is removed. Reads go to the store's {@link
 * honk.storage.kv.KvReader} (its published index); writes and deletes go to its appender and are
 * answered after the flush. A write is checked against the stored keys and the writes still in
 * flight, so a file never lands below another file or on a directory.
 *
 * <p>With no block device on the board the layer is {@link FsError.Unavailable} (empty, and it says
 * why a write cannot happen). While the store is not open yet (the device is still being found, or
 * the store recovers after a crash) requests wait, up to {@link #OPEN_WAIT}, then fail with {@link
 * FsError.Io}. Run it on a dispatcher for blocking I/O: a value over 256 bytes is read from the
 * device, and so is every file a stat or a listing sizes.
 */
public final class KvMount {
    /** The key of the file at {@code /a/b} is {@code fs:/a/b}. */
    public static final String KEY_PREFIX = "fs:";

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final String NO_DEVICE =
            "no storage device: this board offers no block device, so the kv layer is empty and"
                    + " cannot be written (on the host board: scripts/run --host --disk FILE)";

    /**
     * How long requests wait for the store to open (the board finds its disks after the prompt).
     */
    static final Duration OPEN_WAIT = Duration.ofSeconds(20);

    private static final Duration OPEN_POLL = Duration.ofMillis(100);

    /** Requests held while the store opens; past it they are told to try again. */
    private static final int STASH = 1000;

    private record Appended(
            FsPath path, boolean put, KvStore.Result result, ActorRef<ChangeReply> replyTo) {}

    private record Poll() {}

    private final ActorContext<Object> ctx;
    private final TimerScheduler<Object> timers;
    private final StashBuffer<Object> stash;
    private final KvService kv;
    // actor-confined
    private final Map<FsPath, Integer> putsInFlight = new HashMap<>();
    private long
            waitingSince; // System.nanoTime() when requests began to wait for the store to open

    private KvMount(
            ActorContext<Object> ctx,
            TimerScheduler<Object> timers,
            StashBuffer<Object> stash,
            KvService kv) {
        this.ctx = ctx;
        this.timers = timers;
        this.stash = stash;
        this.kv = kv;
    }

    public static Behavior<FsProtocol.Request> create(KvService kv) {
        return Behaviors.<Object>setup(ctx ->
                        Behaviors.withTimers(timers ->
                                Behaviors.withStash(
                                        STASH,
                                        stash -> new KvMount(ctx, timers, stash, kv).serving())))
                .narrow();
    }

    private Behavior<Object> serving() {
        return Behaviors.receive(Object.class)
                .onMessage(FsProtocol.Request.class, this::onRequest)
                .onMessage(Appended.class, this::onAppended)
                .build();
    }

    /**
     * The store is not open yet: requests wait, and the reader is looked at again every {@link
     * #OPEN_POLL}.
     */
    private Behavior<Object> waiting() {
        return Behaviors.receive(Object.class)
                .onMessage(
                        FsProtocol.Request.class,
                        r -> {
                            if (stash.isFull()) {
                                FsProtocol.fail(
                                        r,
                                        new FsError.Io(
                                                "the KV store is not open yet; try again in a"
                                                        + " moment"));
                            } else {
                                stash.stash(r);
                            }
                            return Behaviors.same();
                        })
                .onMessage(Appended.class, this::onAppended)
                .onMessage(Poll.class, p -> onPoll())
                .build();
    }

    private Behavior<Object> onPoll() {
        String closed = closed();
        if (closed == null) {
            timers.cancel("poll");
            return stash.unstashAll(serving());
        }
        if (System.nanoTime() - waitingSince > OPEN_WAIT.toNanos()) {
            timers.cancel("poll");
            stash.forEach(r -> FsProtocol.fail((FsProtocol.Request) r, new FsError.Io(closed)));
            stash.clear();
            return serving();
        }
        return Behaviors.same();
    }

    /** Why the store cannot be read now, or null when it is open. */
    private String closed() {
        try {
            kv.reader().stats();
            return null;
        } catch (KvException e) {
            return e.getMessage();
        }
    }

    /** Why the store will not open (no device, or its device failed), or null while it may. */
    private String down() {
        if ("none".equals(kv.device())) {
            return NO_DEVICE;
        }
        try {
            kv.reader().stats();
            return null;
        } catch (KvException.Unavailable e) {
            return e.getMessage();
        } catch (KvException e) {
            return null;
        }
    }

    private Behavior<Object> onRequest(FsProtocol.Request request) {
        String down = down();
        boolean noDevice = down != null;
        if (!noDevice && !(request instanceof FsProtocol.Describe) && closed() != null) {
            stash.stash(request);
            waitingSince = System.nanoTime();
            timers.startTimerAtFixedRate("poll", new Poll(), OPEN_POLL);
            return waiting();
        }
        try {
            switch (request) {
                case FsProtocol.Describe d ->
                        d.replyTo()
                                .tell(
                                        new FsProtocol.Description(
                                                "KV store on "
                                                        + kv.device()
                                                        + ", a file per key "
                                                        + KEY_PREFIX
                                                        + "PATH",
                                                noDevice
                                                        ? down
                                                        : closed() != null ? closed() : ""));
                case FsProtocol.Stat s ->
                        s.replyTo().tell(noDevice ? unavailable(down) : stat(s.path(), keys()));
                case FsProtocol.ReadDir r ->
                        r.replyTo().tell(noDevice ? unavailable(down) : readDir(r.path(), keys()));
                case FsProtocol.Read r -> r.replyTo().tell(noDevice ? unavailable(down) : read(r));
                case FsProtocol.Write w ->
                        change(
                                w.path(),
                                w.replyTo(),
                                noDevice ? unavailable(down) : checkWrite(w.path(), w.data()),
                                new KvOp.Put(key(w.path()), w.data()));
                case FsProtocol.Delete d -> delete(d, down);
                case FsProtocol.MakeDir m ->
                        change(
                                m.path(),
                                m.replyTo(),
                                noDevice ? unavailable(down) : checkMakeDir(m.path()),
                                new KvOp.Put(below(m.path()), new byte[0]));
            }
        } catch (IOException e) {
            FsProtocol.fail(request, new FsError.Io(e.getMessage()));
        }
        return Behaviors.same();
    }

    /**
     * The store cannot serve: a board without a device has no kv layer; a failed device is down.
     */
    private Failed unavailable(String why) {
        return new Failed(new FsError.Unavailable("kv", why, !"none".equals(kv.device())));
    }

    private List<String> keys() throws IOException {
        return kv.reader().keys(); // sorted
    }

    private static String key(FsPath path) {
        return KEY_PREFIX + path;
    }

    private static String below(FsPath path) {
        return KEY_PREFIX + (path.isRoot() ? "/" : path + "/");
    }

    private static boolean has(List<String> keys, String key) {
        return Collections.binarySearch(keys, key) >= 0;
    }

    private static boolean hasBelow(List<String> keys, String prefix) {
        int at = Collections.binarySearch(keys, prefix);
        int i = at >= 0 ? at : -at - 1;
        return i < keys.size() && keys.get(i).startsWith(prefix);
    }

    private FsProtocol.StatReply stat(FsPath path, List<String> keys) throws IOException {
        if (path.isRoot() || hasBelow(keys, below(path))) {
            return new FsProtocol.StatOk(FsEntry.directory(path.name()));
        }
        Optional<byte[]> value =
                has(keys, key(path)) ? kv.reader().get(key(path)) : Optional.empty();
        return value.<FsProtocol.StatReply>map(
                        v -> new FsProtocol.StatOk(FsEntry.file(path.name(), v.length)))
                .orElseGet(() -> missing(path, keys));
    }

    /**
     * Nothing at {@code path}: not found, or a file stands where one of its directories should be.
     */
    private static Failed missing(FsPath path, List<String> keys) {
        for (FsPath up : path.ancestors()) {
            if (has(keys, key(up))) {
                return new Failed(new FsError.NotADirectory(up));
            }
        }
        return new Failed(new FsError.NotFound(path));
    }

    private FsProtocol.ReadDirReply readDir(FsPath path, List<String> keys) throws IOException {
        String prefix = below(path);
        var entries = new TreeMap<String, FsEntry>();
        int at = Collections.binarySearch(keys, prefix);
        for (int i = at >= 0 ? at : -at - 1;
                i < keys.size() && keys.get(i).startsWith(prefix);
                i++) {
            String rest = keys.get(i).substring(prefix.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            if (name.isEmpty() || entries.containsKey(name)) {
                continue;
            }
            if (slash >= 0) {
                entries.put(name, FsEntry.directory(name));
            } else {
                Optional<byte[]> value = kv.reader().get(keys.get(i));
                value.ifPresent(v -> entries.put(name, FsEntry.file(name, v.length)));
            }
        }
        if (entries.isEmpty() && !path.isRoot() && !hasBelow(keys, prefix)) {
            return has(keys, key(path))
                    ? new Failed(new FsError.NotADirectory(path))
                    : missing(path, keys);
        }
        return new FsProtocol.ReadDirOk(List.copyOf(entries.values()));
    }

    private FsProtocol.ReadReply read(FsProtocol.Read r) throws IOException {
        Optional<byte[]> value =
                r.path().isRoot() ? Optional.empty() : kv.reader().get(key(r.path()));
        if (value.isEmpty()) {
            List<String> keys = keys();
            return r.path().isRoot() || hasBelow(keys, below(r.path()))
                    ? new Failed(new FsError.IsADirectory(r.path()))
                    : missing(r.path(), keys);
        }
        byte[] v = value.get();
        Failed refusal = FsProtocol.refusal(r, v.length);
        if (refusal != null) {
            return refusal;
        }
        int from = (int) FsProtocol.start(r, v.length);
        int n = (int) FsProtocol.count(r, v.length);
        return new FsProtocol.ReadOk(
                from == 0 && n == v.length ? v : java.util.Arrays.copyOfRange(v, from, from + n),
                v.length);
    }

    /**
     * A change that {@code refused} (null: nothing against it) or the store's appender makes as
     * {@code op}.
     */
    private void change(FsPath path, ActorRef<ChangeReply> replyTo, Failed refused, KvOp op) {
        if (refused != null) {
            replyTo.tell(refused);
            return;
        }
        ActorRef<KvStore.Command> appender = kv.appender().current();
        if (appender == null) {
            replyTo.tell(
                    new Failed(
                            new FsError.Io(
                                    kv.appender()
                                            .failure()
                                            .map(why ->
                                                    "the KV store is down: "
                                                            + why
                                                            + "; see 'tree' and 'log'")
                                            .orElse(
                                                    "the KV store is restarting; try again in a"
                                                            + " moment"))));
            return;
        }
        boolean put =
                op instanceof KvOp.Put p
                        && !p.key().endsWith("/"); // a file in flight, not a directory marker
        if (put) {
            putsInFlight.merge(path, 1, Integer::sum);
        }
        ctx.ask(
                KvStore.Result.class,
                appender,
                WRITE_TIMEOUT,
                r -> new KvStore.Write(op, r),
                (result, failure) ->
                        new Appended(
                                path,
                                put,
                                failure == null
                                        ? result
                                        : new KvStore.Failed(
                                                "the KV store did not answer in "
                                                        + WRITE_TIMEOUT.toSeconds()
                                                        + " s; the change may not have been made"),
                                replyTo));
    }

    /** A delete: of a file's key, or of an empty directory's marker. */
    private void delete(FsProtocol.Delete d, String down) throws IOException {
        if (down != null) {
            d.replyTo().tell(unavailable(down));
            return;
        }
        FsPath path = d.path();
        List<String> keys = keys();
        if (!path.isRoot() && has(keys, key(path))) {
            change(path, d.replyTo(), null, new KvOp.Delete(key(path)));
        } else if (path.isRoot()) {
            d.replyTo().tell(new Failed(new FsError.IsADirectory(path)));
        } else if (hasBelow(keys, below(path))) {
            int at = Collections.binarySearch(keys, below(path));
            boolean onlyMarker =
                    at >= 0 && (at + 1 == keys.size() || !keys.get(at + 1).startsWith(below(path)));
            change(
                    path,
                    d.replyTo(),
                    onlyMarker ? null : new Failed(new FsError.NotEmpty(path)),
                    new KvOp.Delete(below(path)));
        } else {
            d.replyTo().tell(missing(path, keys));
        }
    }

    private Failed checkMakeDir(FsPath path) throws IOException {
        List<String> keys = keys();
        if (path.isRoot()
                || has(keys, key(path))
                || hasBelow(keys, below(path))
                || putsInFlight.containsKey(path)) {
            return new Failed(new FsError.Exists(path));
        }
        for (FsPath up : path.ancestors()) {
            if (has(keys, key(up)) || putsInFlight.containsKey(up)) {
                return new Failed(new FsError.NotADirectory(up));
            }
        }
        return null;
    }

    private Failed checkWrite(FsPath path, byte[] data) throws IOException {
        if (path.isRoot()) {
            return new Failed(new FsError.IsADirectory(path));
        }
        if (data.length > KvOp.MAX_VALUE_BYTES) {
            return new Failed(
                    new FsError.InvalidArgument(
                            "a file in kv holds at most "
                                    + KvOp.MAX_VALUE_BYTES
                                    + " bytes, not "
                                    + data.length));
        }
        List<String> keys = keys();
        for (FsPath up : path.ancestors()) {
            if (has(keys, key(up)) || putsInFlight.containsKey(up)) {
                return new Failed(new FsError.NotADirectory(up));
            }
        }
        boolean dirInFlight =
                putsInFlight.keySet().stream().anyMatch(p -> !p.equals(path) && p.isWithin(path));
        return hasBelow(keys, below(path)) || dirInFlight
                ? new Failed(new FsError.IsADirectory(path))
                : null;
    }

    private Behavior<Object> onAppended(Appended a) {
        if (a.put()) {
            putsInFlight.computeIfPresent(a.path(), (p, n) -> n == 1 ? null : n - 1);
        }
        a.replyTo()
                .tell(
                        switch (a.result()) {
                            case KvStore.Done d -> new FsProtocol.Done();
                            case KvStore.Failed f -> new Failed(new FsError.Io(f.reason()));
                        });
        return Behaviors.same();
    }
}
