package honk.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import honk.actors.kernel.Kernel;
import honk.actors.shell.ShellServices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel does not depend on the shell (the arrow goes one way: the shell implements the
 * kernel's {@code LineSink} and gets a context made from the kernel). Checked twice: no kernel
 * source names the shell package in code, and no compiled kernel class refers to a shell class (a
 * reference of any kind lands in the class file's constant pool).
 */
@Timeout(60)
class KernelLayeringTest {
    private static final String SHELL_INTERNAL = "honk/actors/shell/";

    /** An import of the shell package (plain or static), or a fully qualified use in code. */
    private static final Pattern SHELL_IN_SOURCE =
            Pattern.compile(
                    "^\\s*import\\s+(static\\s+)?honk\\.actors\\.shell\\."
                            + "|^(?!\\s*(//|\\*|/\\*)).*\\bhonk\\.actors\\.shell\\.",
                    Pattern.MULTILINE);

    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static boolean refersToShell(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(SHELL_INTERNAL);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void noCompiledKernelClassRefersToTheShellPackage() throws Exception {
        Path kernel = classesOf(Kernel.class).resolve("honk/actors/kernel");
        var offenders = new ArrayList<String>();
        List<Path> classes = files(kernel, ".class");
        for (Path c : classes) {
            if (refersToShell(Files.readAllBytes(c))) {
                offenders.add(c.getFileName().toString());
            }
        }
        assertTrue(classes.size() > 10, "only " + classes.size() + " classes found in " + kernel);
        assertEquals(
                List.of(),
                offenders,
                "the kernel package must not depend on the shell package; these classes do");
    }

    @Test
    void noKernelSourceImportsTheShellPackage() throws Exception {
        Path module = classesOf(Kernel.class).getParent().getParent(); // target/classes
        Path sources = module.resolve("src/main/java/honk/actors/kernel");
        var offenders = new ArrayList<String>();
        List<Path> files = files(sources, ".java");
        for (Path f : files) {
            if (SHELL_IN_SOURCE.matcher(Files.readString(f)).find()) {
                offenders.add(f.getFileName().toString());
            }
        }
        assertTrue(files.size() > 10, "only " + files.size() + " sources found in " + sources);
        assertEquals(
                List.of(),
                offenders,
                "the kernel package must not import the shell package; these files do");
    }

    @Test
    void theChecksSeeADependencyWhereThereIsOne() throws Exception {
        Path shell =
                classesOf(ShellServices.class).resolve("honk/actors/shell/ShellServices.class");
        assertTrue(
                refersToShell(Files.readAllBytes(shell)),
                "a shell class refers to its own package");
        assertTrue(SHELL_IN_SOURCE.matcher("package x;\nimport honk.actors.shell.Shell;\n").find());
        assertTrue(
                SHELL_IN_SOURCE.matcher("class A { honk.actors.shell.Shell.Command c; }").find());
        assertFalse(
                SHELL_IN_SOURCE
                        .matcher(
                                "/**\n"
                                        + " * Sent to the shell (honk.actors.shell.Shell).\n"
                                        + " */\n"
                                        + "// honk.actors.shell.\n")
                        .find());
        assertFalse(SHELL_IN_SOURCE.matcher("import honk.actors.shellfish.Crab;").find());
    }
}
