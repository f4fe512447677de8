package honk.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hardware stays in one place (STYLE §4): no module but board-virt may use java.lang.foreign.
 * Scans the sources of every module, found from the working directory (Maven runs a module's tests
 * with the module as the working directory, so the repository root is its parent).
 */
@Timeout(60)
class ArchitectureTest {
    /** An import of java.lang.foreign (plain or static), or a fully qualified use in code. */
    private static final Pattern FOREIGN =
            Pattern.compile(
                    "^\\s*import\\s+(static\\s+)?java\\.lang\\.foreign\\b"
                            + "|^(?!\\s*(//|\\*|/\\*)).*\\bjava\\.lang\\.foreign\\.",
                    Pattern.MULTILINE);

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("board-virt"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError(
                "no repository root (a directory with pom.xml and board-virt/) above " + here);
    }

    static boolean usesForeign(String source) {
        return FOREIGN.matcher(source).find();
    }

    @Test
    void noModuleButBoardVirtUsesJavaLangForeign() throws IOException {
        Path root = repositoryRoot();
        var offenders = new ArrayList<String>();
        int scanned = 0;
        List<Path> sourceRoots;
        try (Stream<Path> modules = Files.list(root)) {
            sourceRoots =
                    modules.map(m -> m.resolve("src/main/java"))
                            .filter(Files::isDirectory)
                            .sorted()
                            .toList();
        }
        for (Path sources : sourceRoots) {
            String module = root.relativize(sources).getName(0).toString();
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    scanned++;
                    if (!module.equals("board-virt") && usesForeign(read(f))) {
                        offenders.add(root.relativize(f).toString());
                    }
                }
            }
        }
        assertTrue(
                sourceRoots.stream().anyMatch(p -> p.startsWith(root.resolve("actors"))),
                "scanned " + sourceRoots);
        assertTrue(scanned > 20, "only " + scanned + " source files found under " + root);
        assertEquals(
                List.of(), offenders, "only board-virt may use java.lang.foreign; these files do");
    }

    @Test
    void theScanRecognisesImportsAndQualifiedUsesButNotComments() {
        assertTrue(usesForeign("package x;\nimport java.lang.foreign.MemorySegment;\n"));
        assertTrue(usesForeign("import static java.lang.foreign.ValueLayout.JAVA_INT;"));
        assertTrue(usesForeign("class A { java.lang.foreign.Arena a; }"));
        assertTrue(
                !usesForeign(
                        "/**\n"
                                + " * Only board-virt imports java.lang.foreign.\n"
                                + " */\n"
                                + "// see java.lang.foreign.Linker\n"));
        assertTrue(!usesForeign("import java.lang.Foreigner;"));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
