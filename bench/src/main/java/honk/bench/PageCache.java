package honk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The host's page cache for the benchmark's files: dropping a file's cached pages (GNU dd's {@code
 * iflag=nocache count=0}, which asks the kernel to drop the whole file) makes a reopen read from
 * the disk, as after a reboot. honk's disk is opened with O_DIRECT and bypasses the cache anyway;
 * RocksDB's files go through it.
 */
final class PageCache {
    private PageCache() {}

    /** Drops the cached pages of {@code path} (a file, or every file under a directory). */
    static void drop(Path path) throws IOException, InterruptedException {
        for (Path f : files(path)) {
            var dd =
                    new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none")
                            .redirectErrorStream(true)
                            .start();
            String said = new String(dd.getInputStream().readAllBytes()).strip();
            if (dd.waitFor() != 0) {
                throw new IOException(
                        "could not drop the page cache of "
                                + f
                                + " (GNU dd iflag=nocache): "
                                + said);
            }
        }
    }

    /** What a RocksDB directory holds: bytes in WAL files, in table files, in the rest. */
    static String describe(Path dir) throws IOException {
        long wal = 0;
        long sst = 0;
        long other = 0;
        for (Path f : files(dir)) {
            long n = Files.size(f);
            String name = f.getFileName().toString();
            if (name.endsWith(".log") && !name.startsWith("LOG")) {
                wal += n;
            } else if (name.endsWith(".sst")) {
                sst += n;
            } else {
                other += n;
            }
        }
        return String.format(
                Locale.ROOT,
                "WAL %.1f MiB, tables %.1f MiB, other %.1f MiB",
                wal / 1048576.0,
                sst / 1048576.0,
                other / 1048576.0);
    }

    private static List<Path> files(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
