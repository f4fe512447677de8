package honk.storage.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a board tells storage about its core, through the kernel's registry: the public keys a core
 * image must be signed with, the image shipped with the boot image (if any), and where the boot's
 * one-line reports go (the console). Storage boots the core from it over the primary disk.
 */
public record CoreSource(
        List<CoreKeys.PublicKey> trusted, Optional<byte[]> shipped, Consumer<String> log) {
    public CoreSource {
        trusted = List.copyOf(trusted);
    }
}
