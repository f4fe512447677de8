package honk.storage.ninep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import honk.storage.fs.FsError;
import honk.storage.fs.FsPath;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The 9P2000.L client against diod, a real server, over TCP on loopback: every operation, the
 * errors, files that need many reads, paths deeper than one walk, and concurrent readers. Each test
 * works in a directory of its own in the export and checks the result on the host's disk. Skipped,
 * with the reason, where diod is not installed.
 */
@Timeout(120)
class NinePClientDiodTest {
    @TempDir static Path export;

    private static Diod diod;
    private NinePClient client;
    private NinePFiles files;
    private Path dir; // this test's directory on disk
    private String name; // and its name in the export

    @BeforeAll
    static void startDiod() throws Exception {
        var binary = Diod.find();
        assumeTrue(binary.isPresent(), Diod.MISSING);
        diod = Diod.start(binary.get(), export);
    }

    @AfterAll
    static void stopDiod() throws Exception {
        if (diod != null) {
            diod.close();
        }
    }

    @BeforeEach
    void connect(TestInfo info) throws Exception {
        name = info.getTestMethod().orElseThrow().getName();
        dir = Files.createDirectory(export.resolve(name));
        client = diod.connect();
        files = new NinePFiles(client);
    }

    @AfterEach
    void disconnect() {
        if (client != null) {
            assertEquals(
                    1,
                    client.openFids(),
                    "every fid but the root's is clunked after each operation");
            assertEquals(NinePClient.TAGS, client.tagsFree(), "every tag is free again");
            client.close();
        }
    }

    private List<String> p(String... names) {
        var out = new ArrayList<String>();
        out.add(name);
        out.addAll(Arrays.asList(names));
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static int errno(ThrowingRunnable r) {
        return assertThrows(NinePErrorException.class, r::run).errno();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void negotiatesTheMsizeAndAttachesToTheExport() throws Exception {
        assertTrue(
                client.msize() >= 4096 && client.msize() <= StreamTransport.DEFAULT_MAX_MESSAGE,
                "msize " + client.msize());
        assertTrue(client.root().qid().isDirectory(), "the root is a directory");
        try (NinePClient small = diod.connect(8192)) {
            assertEquals(8192, small.msize(), "the server takes the smaller msize offered");
        }
    }

    @Test
    void writtenFilesAppearOnTheHostAndReadBack() throws Exception {
        files.write(p("note.txt"), "hello, host".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello, host", Files.readString(dir.resolve("note.txt")));
        files.write(p("note.txt"), "short".getBytes(StandardCharsets.UTF_8));
        assertEquals("short", Files.readString(dir.resolve("note.txt")), "a rewrite truncates");
        Files.writeString(dir.resolve("from-host"), "made on the host");
        var read = files.read(p("from-host"), 0, -1);
        assertEquals("made on the host", new String(read.data(), StandardCharsets.UTF_8));
        assertEquals(16, read.size());
        NinePAttr attr = files.stat(p("from-host"));
        assertEquals(16, attr.size());
        assertTrue(attr.isRegularFile() && !attr.isDirectory());
        assertTrue(files.stat(p()).isDirectory());
        files.write(p("empty"), new byte[0]);
        assertEquals(0, Files.size(dir.resolve("empty")));
        assertEquals(0, files.read(p("empty"), 0, -1).data().length);
    }

    @Test
    void largeFilesAreReadAndWrittenInManyMessages() throws Exception {
        byte[] big = random(3 * 1024 * 1024 + 123, 1);
        try (NinePClient small = diod.connect(8192)) {
            var smallFiles = new NinePFiles(small);
            Files.write(dir.resolve("big"), big);
            assertArrayEquals(big, smallFiles.read(p("big"), 0, -1).data(), "~400 Treads of 8 KiB");
            var range = smallFiles.read(p("big"), 8000, 20000);
            assertArrayEquals(
                    Arrays.copyOfRange(big, 8000, 28000),
                    range.data(),
                    "a range across message boundaries");
            assertEquals(
                    3,
                    smallFiles.read(p("big"), big.length - 3, 100).data().length,
                    "fewer at the end");
            assertEquals(
                    0,
                    smallFiles.read(p("big"), big.length + 10, 100).data().length,
                    "none past it");
            byte[] other = random(1024 * 1024 + 5, 2);
            smallFiles.write(p("written"), other);
            assertArrayEquals(
                    other, Files.readAllBytes(dir.resolve("written")), "~130 Twrites of 8 KiB");
            assertEquals(1, small.openFids());
        }
        assertArrayEquals(big, files.read(p("big"), 0, -1).data(), "with the default msize");
    }

    @Test
    void listsADirectoryAcrossManyReaddirs() throws Exception {
        var expected = new TreeSet<String>();
        for (int i = 0; i < 300; i++) {
            Files.writeString(dir.resolve("file-with-a-longish-name-" + i), "x");
            expected.add("file-with-a-longish-name-" + i);
        }
        Files.createDirectory(dir.resolve("sub"));
        expected.add("sub");
        try (NinePClient small = diod.connect(4096)) {
            List<NinePDirEntry> entries = new NinePFiles(small).list(p());
            assertEquals(
                    expected,
                    entries.stream()
                            .map(NinePDirEntry::name)
                            .collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(301, entries.size(), "each name once, without . and ..");
            assertTrue(
                    entries.stream()
                            .filter(e -> e.name().equals("sub"))
                            .findFirst()
                            .orElseThrow()
                            .isDirectory());
            assertFalse(
                    entries.stream()
                            .filter(e -> e.name().startsWith("file"))
                            .anyMatch(NinePDirEntry::isDirectory));
        }
        Files.createDirectory(dir.resolve("nothing"));
        assertEquals(List.of(), files.list(p("nothing")), "an empty directory");
    }

    @Test
    void pathsDeeperThanOneWalkAreWalkedInBatches() throws Exception {
        var names = new ArrayList<String>();
        Path deep = dir;
        for (int i = 0; i < 40; i++) {
            names.add("d" + i);
            deep = deep.resolve("d" + i);
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("bottom"), "40 levels down");
        names.add("bottom");
        assertEquals(
                "40 levels down",
                new String(
                        files.read(p(names.toArray(String[]::new)), 0, -1).data(),
                        StandardCharsets.UTF_8));
        var mid = new ArrayList<>(names.subList(0, 20));
        mid.add("made");
        files.mkdir(p(mid.toArray(String[]::new)));
        assertTrue(Files.isDirectory(dir.resolve(String.join("/", mid))));
        var missing = new ArrayList<>(names.subList(0, 30));
        missing.set(25, "nope");
        var e =
                assertThrows(
                        NinePErrorException.class,
                        () -> files.stat(p(missing.toArray(String[]::new))));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(
                26,
                e.failedAt(),
                "the walk stopped at the missing name (this test's directory is name 0)");
    }

    @Test
    void mkdirMakesAnEmptyDirectoryAndRefusesOneThatExists() throws Exception {
        files.mkdir(p("new"));
        assertTrue(Files.isDirectory(dir.resolve("new")));
        assertEquals(List.of(), files.list(p("new")));
        assertEquals(Errno.EEXIST, errno(() -> files.mkdir(p("new"))));
        assertEquals(Errno.ENOENT, errno(() -> files.mkdir(p("no", "parent"))));
    }

    @Test
    void removeDeletesFilesAndEmptyDirectoriesButNotFullOnes() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        Files.createDirectories(dir.resolve("full/inner"));
        Files.createDirectory(dir.resolve("empty"));
        files.remove(p("f"));
        assertFalse(Files.exists(dir.resolve("f")));
        files.remove(p("empty"));
        assertFalse(Files.exists(dir.resolve("empty")));
        assertEquals(Errno.ENOTEMPTY, errno(() -> files.remove(p("full"))));
        assertEquals(Errno.ENOENT, errno(() -> files.remove(p("f"))));
        Files.writeString(dir.resolve("g"), "x");
        Fid g = client.walk(client.root(), p("g"));
        client.remove(g);
        assertFalse(Files.exists(dir.resolve("g")), "Tremove");
        g.close(); // clunked by the remove already: nothing more is sent
    }

    @Test
    void renameMovesFilesAcrossDirectories() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/one"), "1");
        files.rename(p("a", "one"), p("b", "two"));
        assertEquals("1", Files.readString(dir.resolve("b/two")));
        assertFalse(Files.exists(dir.resolve("a/one")));
        try (Fid f = client.walk(client.root(), p("b", "two"));
                Fid a = client.walk(client.root(), p("a"))) {
            client.rename(f, a, "three");
        }
        assertEquals("1", Files.readString(dir.resolve("a/three")), "Trename");
        assertEquals(Errno.ENOENT, errno(() -> files.rename(p("a", "missing"), p("b", "x"))));
    }

    @Test
    void refusalsComeBackAsErrnoAndMapToTheFileTreesErrors() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Files.createDirectory(dir.resolve("sub"));
        assertEquals(Errno.ENOENT, errno(() -> files.stat(p("missing"))));
        var through = assertThrows(NinePErrorException.class, () -> files.stat(p("file", "below")));
        assertEquals(Errno.ENOTDIR, through.errno());
        assertEquals(2, through.failedAt(), "stopped below the file");
        assertEquals(Errno.EISDIR, errno(() -> files.write(p("sub"), new byte[1])));
        try (Fid f = client.walk(client.root(), List.of())) {
            assertEquals(
                    Errno.EEXIST,
                    errno(() ->
                            client.lcreate(
                                    f,
                                    name,
                                    NinePWire.O_CREAT | NinePWire.O_EXCL | NinePWire.O_WRONLY,
                                    0644)));
        }
        FsPath at = FsPath.parse("/x/y");
        assertEquals(new FsError.NotFound(at), Errno.toFsError(Errno.ENOENT, at, "host"));
        assertEquals(new FsError.NotADirectory(at), Errno.toFsError(Errno.ENOTDIR, at, "host"));
        assertEquals(new FsError.IsADirectory(at), Errno.toFsError(Errno.EISDIR, at, "host"));
        assertEquals(new FsError.Exists(at), Errno.toFsError(Errno.EEXIST, at, "host"));
        assertEquals(new FsError.NotEmpty(at), Errno.toFsError(Errno.ENOTEMPTY, at, "host"));
        assertTrue(Errno.toFsError(Errno.EACCES, at, "host") instanceof FsError.PermissionDenied);
        assertTrue(Errno.toFsError(Errno.EPERM, at, "host") instanceof FsError.PermissionDenied);
        assertTrue(Errno.toFsError(Errno.EROFS, at, "host") instanceof FsError.ReadOnly);
        assertEquals(
                "the host share failed on /x/y: errno 999",
                Errno.toFsError(999, at, "host").message());
    }

    @Test
    void theFidOperationsWorkOneByOne() throws Exception {
        try (Fid d = client.walk(client.root(), p())) {
            client.lcreate(d, "made", NinePWire.O_CREAT | NinePWire.O_RDWR, 0600);
            assertEquals(5, client.write(d, 0, "abcde".getBytes(StandardCharsets.UTF_8), 0, 5));
            assertEquals("cde", new String(client.read(d, 2, 10), StandardCharsets.UTF_8));
            assertEquals(5, client.getattr(d).size());
        }
        try (Fid d = client.walk(client.root(), p());
                Fid clone = client.walk(d, List.of())) {
            assertEquals(d.qid(), clone.qid(), "a walk of no names clones");
            Qid made = client.mkdir(d, "dir", 0700);
            assertTrue(made.isDirectory());
            assertEquals(
                    Errno.EOPNOTSUPP,
                    errno(() -> client.renameat(d, "made", d, "moved")),
                    "diod has no Trenameat");
            assertEquals(
                    Errno.EOPNOTSUPP, errno(() -> client.unlinkat(d, "made", 0)), "nor Tunlinkat");
            try (Fid made2 = client.walk(d, List.of("made"))) {
                client.rename(made2, d, "moved");
            }
            client.remove(client.walk(d, List.of("moved")));
            client.remove(client.walk(d, List.of("dir")));
            assertEquals(3, client.openFids());
        }
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count());
        }
    }

    @Test
    void concurrentReadersShareOneConnection() throws Exception {
        var contents = new ArrayList<byte[]>();
        for (int i = 0; i < 8; i++) {
            contents.add(random(200_000 + i, 10 + i));
            Files.write(dir.resolve("f" + i), contents.get(i));
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<Boolean>>();
            for (int t = 0; t < 16; t++) {
                int which = t % 8;
                tasks.add(() -> {
                    for (int round = 0; round < 5; round++) {
                        if (!Arrays.equals(
                                contents.get(which), files.read(p("f" + which), 0, -1).data())) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                assertTrue(f.get(), "each reader got its own file's bytes");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
