package honk.storage.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.Map;
import java.util.stream.Stream;

@Timeout(30)
class CorePathsTest {
    static Stream<Arguments> badPaths() {
        return Stream.of(
                Arguments.of("", "empty path"),
                Arguments.of("/etc/motd", "absolute"),
                Arguments.of("etc//motd", "empty segment"),
                Arguments.of("etc/", "empty segment"),
                Arguments.of("..", "'..' segment"),
                Arguments.of("lib/../etc/shadow", "'..' segment"),
                Arguments.of("./motd", "'.' segment"),
                Arguments.of("a\u0000b", "control character U+0000"),
                Arguments.of("line\nbreak", "control character U+000A"),
                Arguments.of("lone\uD800surrogate", "not valid Unicode"),
                Arguments.of("x".repeat(256), "a segment of 256 bytes"),
                Arguments.of("\u00e9".repeat(128), "a segment of 256 bytes"), // 2 UTF-8 bytes each
                Arguments.of(
                        ("d".repeat(200) + "/").repeat(5) + "f".repeat(30),
                        "over the limit of 1024"));
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void theWriterRefusesABadPathSayingWhy(String path, String reason) {
        var e =
                assertThrows(
                        InvalidPathException.class,
                        () ->
                                CoreImageWriter.write(
                                        Map.of(path, new byte[1]), 1, CoreFixtures.KEY));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a..b",
                ".hidden",
                "...",
                "bin/sh",
                "ünïcödé/ファイル",
                "with space/and-dash_under.score"
            })
    void unusualButValidPathsAreAccepted(String path) {
        assertDoesNotThrow(
                () -> CoreImageWriter.write(Map.of(path, new byte[1]), 1, CoreFixtures.KEY));
    }

    @Test
    void segmentsAndPathsAtTheirLimitsAreAccepted() {
        String segment = "s".repeat(CorePaths.MAX_SEGMENT_BYTES);
        String path = ("s".repeat(254) + "/").repeat(4) + "tttt";
        assertEquals(CorePaths.MAX_PATH_BYTES, path.length());
        assertDoesNotThrow(() -> CorePaths.encode(segment));
        assertDoesNotThrow(() -> CorePaths.encode(path));
    }

    @Test
    void aFileCannotAlsoBeAnotherFilesDirectory() {
        var e =
                assertThrows(
                        InvalidPathException.class,
                        () ->
                                CoreImageWriter.write(
                                        Map.of(
                                                "bin",
                                                new byte[1],
                                                "bin-x",
                                                new byte[1],
                                                "bin/sh",
                                                new byte[1]),
                                        1,
                                        CoreFixtures.KEY));
        assertTrue(e.getMessage().contains("'bin' is a file"), e.getMessage());
    }

    @Test
    void decodingAppliesTheSameRulesToBytesFromAnImage() {
        assertThrows(
                InvalidPathException.class,
                () -> CorePaths.decode(new byte[] {(byte) 0xC0, (byte) 0x80})); // overlong NUL
        assertThrows(
                InvalidPathException.class,
                () -> CorePaths.decode("../x".getBytes(StandardCharsets.UTF_8)));
        assertDoesNotThrow(() -> CorePaths.decode("ok/path".getBytes(StandardCharsets.UTF_8)));
    }
}
