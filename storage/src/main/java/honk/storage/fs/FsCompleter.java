package honk.storage.fs;

import honk.actors.shell.ArgumentCompleter;
import honk.actors.shell.ShellContext;

import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;

/**
 * Tab completion of paths, for the commands that take one: the names in the directory the word
 * points into, read through the union ({@code /etc/mo} → {@code /etc/motd}) or through one layer
 * ({@code host:/no} → {@code host:/notes/}); a word without a '/' may also become a layer's root
 * ({@code ho} → {@code host:/}). A directory ends in '/', so the path can go on. Asks the
 * filesystem actor; a refusal (no such directory, a layer that is down) is no candidates.
 */
public final class FsCompleter {
    private FsCompleter() {}

    /** Paths of the union or of one layer, for any of a command's arguments. */
    public static ArgumentCompleter paths() {
        return FsCompleter::complete;
    }

    private static CompletionStage<List<String>> complete(
            ShellContext ctx, List<String> before, String word) {
        Optional<FsService> union = ctx.registry().get(FsService.class);
        if (union.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Matcher m = FsCommands.IN_LAYER.matcher(word);
        boolean inLayer = m.matches();
        String layer = inLayer ? m.group(1) + ":" : "";
        String path = inLayer ? m.group(2) : word;
        FsService fs = inLayer ? union.get().layer(m.group(1)) : union.get();
        String dir = path.substring(0, path.lastIndexOf('/') + 1); // "" or up to its last '/'
        CompletionStage<List<String>> names = names(fs, dir, layer + dir);
        if (inLayer || !dir.isEmpty()) {
            return names;
        }
        return names.thenCombine(layers(union.get()), FsCompleter::both);
    }

    /** The names in {@code dir} (from the root when ""), each after {@code prefix}. */
    private static CompletionStage<List<String>> names(FsService fs, String dir, String prefix) {
        FsPath listed;
        try {
            listed = FsPath.parse(dir.isEmpty() ? "/" : dir);
        } catch (InvalidPathException e) {
            return CompletableFuture.completedFuture(List.of());
        }
        return fs.list(listed)
                .thenApply(reply ->
                        reply instanceof FsProtocol.ReadDirOk ok
                                ? ok.entries().stream()
                                        .map(e -> prefix + e.name() + (e.isDirectory() ? "/" : ""))
                                        .toList()
                                : List.of());
    }

    /** Each layer's root: {@code kv:/}, {@code host:/}, {@code core:/}. */
    private static CompletionStage<List<String>> layers(FsService fs) {
        return fs.mounts()
                .thenApply(m -> m.layers().stream().map(l -> l.name() + ":/").toList())
                .exceptionally(t -> List.of());
    }

    private static List<String> both(List<String> a, List<String> b) {
        var all = new ArrayList<String>(a);
        all.addAll(b);
        return all;
    }
}
