package honk.wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The modules the build compiled from source (build-modules.sh): shipped ones in bin/, test ones in
 * test/.
 */
final class Modules {
    static final Path ROOT = Path.of("target", "modules");

    private Modules() {}

    static byte[] bin(String name) {
        return read(ROOT.resolve("bin").resolve(name));
    }

    static byte[] test(String name) {
        return read(ROOT.resolve("test").resolve(name));
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the build did not make " + p + " (wasm/build-modules.sh)", e);
        }
    }
}
