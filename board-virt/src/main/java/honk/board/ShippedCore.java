package honk.board;

import honk.storage.core.CoreKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The core image that came with the boot image and the key it is trusted by: {@code
 * /honk/core/core.img} and {@code /honk/core/core.pub} in the initrd (scripts/image puts them
 * there), or the directory named by {@code -Dhonk.core.dir} on the host board. No key means no
 * trusted core: the core then fails closed.
 */
final class ShippedCore {
    private ShippedCore() {}

    private static Path dir() {
        return Path.of(System.getProperty("honk.core.dir", "/honk/core"));
    }

    static List<CoreKeys.PublicKey> trustedKeys() {
        try {
            return List.of(
                    CoreKeys.PublicKey.fromHex(Files.readString(dir().resolve("core.pub")).trim()));
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    static Optional<byte[]> image() {
        try {
            return Optional.of(Files.readAllBytes(dir().resolve("core.img")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
