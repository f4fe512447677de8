package honk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The storage benchmark behind {@code scripts/bench kv}: honk's KV store and RocksDB side by side,
 * in one directory on one file system, same keys (16 bytes), same values, same writer threads.
 * Durable puts per second at each writer count (closed loop: a writer sends its next put once the
 * last one is on disk), reads per second (random gets of loaded keys), and recovery: the time to
 * reopen a store holding a log of the given size, with the file cache dropped first.
 */
public final class KvBench {
    static final int VALUE_BYTES = 100;
    static final int RECOVERY_VALUE_BYTES = 1024;

    /** A record's bytes in honk's log: type, key and value lengths, the key, the value. */
    private static final int RECOVERY_RECORD_BYTES = 7 + 16 + RECOVERY_VALUE_BYTES;

    /**
     * What to run.
     *
     * @param writers the concurrent writer counts, each measured in turn
     * @param seconds how long each measured run lasts
     * @param keys the key space of the write and read workloads, loaded before them
     * @param writeLogBytes honk's log region for the write workloads; when full, the store compacts
     * @param recoveryBytes the log size for the recovery figure (0: skip it)
     */
    record Settings(
            Path dir,
            List<Integer> writers,
            double seconds,
            int runs,
            int keys,
            int readers,
            long writeLogBytes,
            long recoveryBytes) {
        static final String USAGE =
                "usage: KvBench DIR [SECONDS=3] [RUNS=3] [RECOVERY_MIB=1024] [WRITERS=1,4,16,64]";

        /** The settings in {@code args}; an {@link IllegalArgumentException} names the bad one. */
        static Settings parse(String[] args) {
            if (args.length < 1 || args.length > 5) {
                throw new IllegalArgumentException(USAGE);
            }
            double seconds = Arguments.number(args, 1, "SECONDS", 3, 0.05, 600, USAGE);
            int runs = (int) Arguments.number(args, 2, "RUNS", 3, 1, 100, USAGE);
            long mib = (long) Arguments.number(args, 3, "RECOVERY_MIB", 1024, 0, 64 * 1024, USAGE);
            List<Integer> writers =
                    args.length > 4
                            ? Arrays.stream(args[4].split(","))
                                    .map(w -> (int) Arguments.number("WRITERS", w, 1, 1024, USAGE))
                                    .toList()
                            : List.of(1, 4, 16, 64);
            return new Settings(
                    Path.of(args[0]), writers, seconds, runs, 100_000, 4, 256L << 20, mib << 20);
        }
    }

    private KvBench() {}

    public static void main(String[] args) throws Exception {
        Settings s = Arguments.parseOrExit("kv", () -> Settings.parse(args));
        Figures r = run(s, System.out::println);
        System.out.println();
        r.lines().forEach(System.out::println);
        System.exit(0);
    }

    /** Runs every workload, saying what it does on {@code out}. */
    static Figures run(Settings s, Consumer<String> out) throws Exception {
        Files.createDirectories(s.dir());
        var results = new Figures();
        throughput(s, results, out);
        if (s.recoveryBytes() > 0) {
            recovery(s, results, out);
        }
        return results;
    }

    static String key(char space, long i) {
        return String.format(Locale.ROOT, "%c%015d", space, i);
    }

    private static List<String> keys(char space, long n) {
        var keys = new ArrayList<String>((int) n);
        for (long i = 0; i < n; i++) {
            keys.add(key(space, i));
        }
        return keys;
    }

    /**
     * {@code bytes} random bytes, the same for the same {@code seed} (incompressible, as stored
     * data often is).
     */
    static byte[] value(int bytes, long seed) {
        byte[] v = new byte[bytes];
        new SplittableRandom(seed).nextBytes(v);
        return v;
    }

    // ---- puts and reads

    private static void throughput(Settings s, Figures results, Consumer<String> out)
            throws Exception {
        Path honkDisk = s.dir().resolve("honk-kv.img");
        Path rocksDir = s.dir().resolve("rocksdb-kv");
        try (var honk = HonkKv.create(honkDisk, HonkKv.diskBytesFor(s.writeLogBytes()));
                var rocks = RocksKv.open(rocksDir)) {
            List<KvEngine> engines = List.of(honk, rocks);
            byte[] value = value(VALUE_BYTES, 7);
            List<String> keys = keys('k', s.keys());
            for (KvEngine e : engines) {
                out.accept(e.name() + ": loading " + s.keys() + " keys");
                e.load(keys, i -> value);
                writes(e, 16, Math.min(1, s.seconds()), keys, value); // warm-up
            }
            for (int run = 1; run <= s.runs(); run++) {
                for (int w : s.writers()) {
                    for (KvEngine e : engines) {
                        double rate = writes(e, w, s.seconds(), keys, value);
                        results.add(e.name(), "puts_per_s writers=" + w, rate);
                        out.accept(
                                String.format(
                                        Locale.ROOT,
                                        "run %d: %s %d writers: %.0f durable puts/s",
                                        run,
                                        e.name(),
                                        w,
                                        rate));
                    }
                }
                for (KvEngine e : engines) {
                    double rate = reads(e, s.readers(), s.seconds(), keys);
                    results.add(e.name(), "gets_per_s readers=" + s.readers(), rate);
                    out.accept(
                            String.format(
                                    Locale.ROOT,
                                    "run %d: %s %d readers: %.0f gets/s",
                                    run,
                                    e.name(),
                                    s.readers(),
                                    rate));
                }
            }
        } finally {
            delete(honkDisk);
            delete(rocksDir);
        }
    }

    private interface Op {
        void run(SplittableRandom random) throws Exception;
    }

    /**
     * Runs {@code op} on {@code threads} threads for {@code seconds}; operations per second
     * overall.
     */
    private static double loop(int threads, double seconds, long seed, Op op) throws Exception {
        var start = new CountDownLatch(1);
        long[] counts = new long[threads];
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var workers = new ArrayList<Thread>();
        long nanos = (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers.add(
                    Thread.ofPlatform()
                            .name("bench-" + t)
                            .start(() -> {
                                var random = new SplittableRandom(seed * 1000 + me);
                                try {
                                    start.await();
                                    long end = System.nanoTime() + nanos;
                                    while (System.nanoTime() < end && failure.get() == null) {
                                        op.run(random);
                                        counts[me]++;
                                    }
                                } catch (Throwable e) {
                                    failure.compareAndSet(null, e);
                                }
                            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "a benchmark thread failed: " + failure.get(), failure.get());
        }
        return Arrays.stream(counts).sum() / (elapsed / 1e9);
    }

    /**
     * Durable puts per second with {@code writers} writers over random keys of the loaded key
     * space.
     */
    static double writes(KvEngine e, int writers, double seconds, List<String> keys, byte[] value)
            throws Exception {
        return loop(writers, seconds, writers, r -> e.put(keys.get(r.nextInt(keys.size())), value));
    }

    /** Gets per second of random loaded keys; a key that is not found is a failure. */
    static double reads(KvEngine e, int readers, double seconds, List<String> keys)
            throws Exception {
        return loop(
                readers,
                seconds,
                99,
                r -> {
                    String k = keys.get(r.nextInt(keys.size()));
                    if (e.get(k) == null) {
                        throw new IllegalStateException(
                                e.name() + ": key " + k + " was loaded but is not found");
                    }
                });
    }

    // ---- recovery

    private static void recovery(Settings s, Figures results, Consumer<String> out)
            throws Exception {
        long n = s.recoveryBytes() / RECOVERY_RECORD_BYTES;
        java.util.function.IntFunction<byte[]> values = i -> value(RECOVERY_VALUE_BYTES, i);
        List<String> keys = keys('r', n);
        Path disk = s.dir().resolve("honk-recovery.img");
        try {
            try (var honk = HonkKv.create(disk, HonkKv.diskBytesFor(s.recoveryBytes()))) {
                honk.load(keys, values);
                out.accept(
                        String.format(
                                Locale.ROOT,
                                "honk: %d keys of %d-byte values, log %.1f MiB",
                                n,
                                RECOVERY_VALUE_BYTES,
                                honk.logBytes() / 1048576.0));
            }
            for (int run = 1; run <= s.runs(); run++) {
                PageCache.drop(disk);
                HonkKv.Reopened r = HonkKv.reopen(disk);
                if (r.keys() != n) {
                    throw new IllegalStateException(
                            "honk reopened " + r.keys() + " keys, not the " + n + " written");
                }
                results.add("honk", "recovery_s", r.seconds());
                out.accept(
                        String.format(
                                Locale.ROOT,
                                "run %d: honk reopened %d keys in %.3f s",
                                run,
                                r.keys(),
                                r.seconds()));
            }
        } finally {
            delete(disk);
        }
        rocksRecovery(s, results, out, "rocksdb", RocksKv::open, keys, values);
        rocksRecovery(s, results, out, "rocksdb-wal", RocksKv::walOnly, keys, values);
    }

    private interface Opener {
        RocksKv open(Path dir) throws Exception;
    }

    private static void rocksRecovery(
            Settings s,
            Figures results,
            Consumer<String> out,
            String name,
            Opener opener,
            List<String> keys,
            java.util.function.IntFunction<byte[]> values)
            throws Exception {
        Path dir = s.dir().resolve(name + "-recovery");
        try {
            try (var db = opener.open(dir)) {
                db.load(keys, values);
            }
            out.accept(name + ": " + keys.size() + " keys; on disk: " + PageCache.describe(dir));
            for (int run = 1; run <= s.runs(); run++) {
                PageCache.drop(dir);
                long t0 = System.nanoTime();
                try (var db = opener.open(dir)) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    for (String k : List.of(keys.getFirst(), keys.getLast())) {
                        if (db.get(k) == null) {
                            throw new IllegalStateException(name + " reopened without key " + k);
                        }
                    }
                    results.add(name, "recovery_s", seconds);
                    out.accept(
                            String.format(
                                    Locale.ROOT,
                                    "run %d: %s reopened in %.3f s",
                                    run,
                                    name,
                                    seconds));
                }
            }
        } finally {
            delete(dir);
        }
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
