package honk.storage.core;

import honk.storage.block.Layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The build's command line for core images, run on the build machine: {@code keygen KEYFILE
 * PUBFILE} writes a new signing key (its 32-byte seed in hex, mode 600) and its public key (hex);
 * {@code mkimage KEYFILE VERSION DIR OUT} packs every regular file under DIR into a signed image;
 * {@code seed DISK A|B IMAGE} writes an image file into a slot of a disk image (as {@link
 * honk.storage.block.Layout} places it), for tests and for preparing disks. Exit status 2 with a
 * one-line message on bad input.
 */
public final class MkImage {
    private MkImage() {}

    public static void main(String[] args) {
        try {
            switch (args.length > 0 ? args[0] : "") {
                case "keygen" -> keygen(args);
                case "mkimage" -> mkimage(args);
                case "seed" -> seed(args);
                default -> usage();
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("mkimage: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void usage() {
        System.err.println(
                "usage: MkImage keygen KEYFILE PUBFILE | MkImage mkimage KEYFILE VERSION DIR OUT"
                        + " | MkImage seed DISK A|B IMAGE");
        System.exit(2);
    }

    private static void keygen(String[] args) throws IOException {
        if (args.length != 3) {
            usage();
        }
        Path key = Path.of(args[1]);
        if (Files.exists(key)) {
            throw new IllegalArgumentException(
                    key
                            + " exists; remove it first to make a new key (images it signed stop"
                            + " verifying)");
        }
        var pair = CoreKeys.generateKeyPair(new SecureRandom());
        Files.writeString(key, java.util.HexFormat.of().formatHex(pair.signing().seed()) + "\n");
        key.toFile().setReadable(false, false);
        key.toFile().setReadable(true, true);
        Files.writeString(Path.of(args[2]), pair.publicKey().hex() + "\n");
    }

    private static void mkimage(String[] args) throws IOException {
        if (args.length != 5) {
            usage();
        }
        var key = CoreKeys.SigningKey.fromSeedHex(Files.readString(Path.of(args[1])).trim());
        long version;
        try {
            version = Long.parseUnsignedLong(args[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "version '" + args[2] + "' is not an unsigned number");
        }
        Path dir = Path.of(args[3]);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        var files = new TreeMap<String, byte[]>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        byte[] image = CoreImageWriter.write(files, version, key);
        Files.write(Path.of(args[4]), image);
        System.out.println(
                "mkimage: "
                        + files.size()
                        + " files, version "
                        + Long.toUnsignedString(version)
                        + ", "
                        + image.length
                        + " bytes, signed by "
                        + key.publicKey().hex().substring(0, 16)
                        + "…");
    }

    private static void seed(String[] args) throws IOException {
        if (args.length != 4) {
            usage();
        }
        Path disk = Path.of(args[1]);
        long offset =
                switch (args[2]) {
                    case "A" -> 0;
                    case "B" -> Layout.SLOT_BYTES;
                    default ->
                            throw new IllegalArgumentException(
                                    "slot '" + args[2] + "' is not A or B");
                };
        byte[] image = Files.readAllBytes(Path.of(args[3]));
        if (image.length > Layout.SLOT_BYTES) {
            throw new IllegalArgumentException(
                    args[3] + " is " + image.length + " bytes; a slot holds " + Layout.SLOT_BYTES);
        }
        if (!Files.isRegularFile(disk) || Files.size(disk) < Layout.MIN_BYTES) {
            throw new IllegalArgumentException(
                    disk
                            + " is not a disk image of at least "
                            + Layout.MIN_BYTES / (1 << 20)
                            + " MiB");
        }
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            ByteBuffer src = ByteBuffer.wrap(image);
            while (src.hasRemaining()) {
                ch.write(src, offset + src.position());
            }
            ch.force(false);
        }
        System.out.println(
                "mkimage: wrote " + image.length + " bytes into slot " + args[2] + " of " + disk);
    }
}
