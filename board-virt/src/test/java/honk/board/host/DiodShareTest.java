package honk.board.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import honk.storage.ninep.NinePClient;
import honk.storage.ninep.NinePFiles;
import honk.supervision.testing.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The host board's share: diod on a pipe serves the directory, read and written through the 9P
 * client; a bad --share is refused with what to do. Skipped, with the reason, without diod.
 */
@Timeout(60)
class DiodShareTest {
    @TempDir Path dir;

    @Test
    void aDirectoryIsServedOverAPipeAndTheServerEndsWithTheConnection() throws Exception {
        assumeTrue(
                DiodShare.find().isPresent(),
                "diod is not installed (apt-get install diod); the share test is skipped");
        Files.writeString(dir.resolve("hello.txt"), "hello");
        var share = DiodShare.of(dir);
        assertEquals(dir.toAbsolutePath() + " (diod on a pipe)", share.source());
        long before = diods();
        try (NinePClient client = share.connect()) {
            var files = new NinePFiles(client);
            assertEquals(
                    "hello",
                    new String(
                            files.read(List.of("hello.txt"), 0, -1).data(),
                            StandardCharsets.UTF_8));
            files.write(List.of("back.txt"), "from honk".getBytes(StandardCharsets.UTF_8));
            assertEquals(before + 1, diods(), "one diod per connection");
        }
        assertEquals("from honk", Files.readString(dir.resolve("back.txt")));
        Eventually.await(
                "closing the connection ends its diod",
                Duration.ofSeconds(10),
                DiodShareTest::diods,
                n -> n == before);
    }

    /** diod processes that are children of this JVM. */
    private static long diods() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().orElse("").endsWith("diod"))
                .count();
    }

    @Test
    void aShareThatIsNotADirectoryIsRefusedWithWhatToDo() {
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> DiodShare.of(dir.resolve("missing")));
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "missing is not a directory (give --share the directory to share)"),
                e.getMessage());
    }
}
