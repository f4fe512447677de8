package honk.storage.fs;

import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellContext;
import honk.actors.shell.ShellException;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filesystem's shell commands: {@code mount}, {@code ls}, {@code cat}, {@code put}, {@code rm},
 * {@code cp} and {@code mkdir}, over the whole union (the shell holds the {@link FsService}, not a
 * scoped capability). A path written {@code LAYER:/PATH} ({@code host:/notes}) names one layer
 * instead of the union: it is read from there, and a change lands there rather than in kv. Every
 * refusal is one line: the command's name and the {@link FsError}'s message. {@code ls} of the
 * union ends with a line per layer that is set up but down, which it could not list.
 */
public final class FsCommands implements ShellCommandProvider {
    /** The largest file {@code cat} prints: a console is not the place for more. */
    static final int CAT_MAX_BYTES = 1 << 20;

    /** A path that names its layer: {@code host:/notes}, {@code kv:/etc/motd}. */
    static final Pattern IN_LAYER = Pattern.compile("([a-z][a-z0-9-]{0,31}):(/.*)");

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "mount",
                                "",
                                "the filesystem's layers, top first: kv (rw) over host (rw, 9p)"
                                        + " over core (ro)",
                                FsCommands::mount)
                        .withExample("mount", "each layer's state and what backs it"),
                ShellCommand.ofAsync(
                                "ls",
                                "[PATH]",
                                "list a directory of the union (default /) and the layers holding"
                                        + " each name; LAYER:/PATH lists one layer",
                                FsCommands::ls)
                        .withExample("ls", "the root of the union, and which layers hold each name")
                        .withExample("ls /bin", "the modules wasm runs")
                        .withExample("ls host:/", "the host share alone")
                        .completing(FsCompleter.paths().upTo(1)),
                ShellCommand.ofAsync(
                                "cat",
                                "PATH",
                                "print a text file, read through the union (LAYER:/PATH: from that"
                                        + " layer)",
                                FsCommands::cat)
                        .withExample("cat /etc/motd", "read through the union: kv first")
                        .withExample("cat core:/etc/motd", "the core's copy, even if kv shadows it")
                        .completing(FsCompleter.paths().upTo(1)),
                ShellCommand.ofAsync(
                                "put",
                                "PATH TEXT...",
                                "write TEXT as the file PATH in kv (shadows lower layers);"
                                        + " host:/PATH writes the host share",
                                FsCommands::put)
                        .withExample("put /notes 'buy milk'", "write /notes in kv")
                        .withExample("put host:/hello.txt hi", "write into the shared directory")
                        .completing(FsCompleter.paths().upTo(1)),
                ShellCommand.ofAsync(
                                "rm",
                                "PATH",
                                "delete a file or an empty directory from kv (host:/PATH: from the"
                                        + " host share; the core is never changed)",
                                FsCommands::rm)
                        .withExample("rm /notes", "delete /notes from kv")
                        .withExample("rm host:/hello.txt", "delete a file of the host share")
                        .completing(FsCompleter.paths().upTo(1)),
                ShellCommand.ofAsync(
                                "cp",
                                "SRC DST",
                                "copy a file (SRC read through the union, or LAYER:/PATH) into kv,"
                                        + " or into LAYER:/PATH (DST/ or a directory: same name)",
                                FsCommands::cp)
                        .withExample("cp /etc/motd /motd.old", "copy a file into kv")
                        .withExample("cp host:/notes.txt /notes", "copy a host file into kv")
                        .completing(FsCompleter.paths().upTo(2)),
                ShellCommand.ofAsync(
                                "mkdir",
                                "PATH",
                                "make an empty directory in kv (host:/PATH: in the host share)",
                                FsCommands::mkdir)
                        .withExample("mkdir /projects", "an empty directory in kv")
                        .withExample("mkdir host:/made", "one in the host share")
                        .completing(FsCompleter.paths().upTo(1)));
    }

    /** Where a command's path points: the union (writes land in kv) or one named layer. */
    private record Target(FsService fs, FsPath path, String layer) {
        /** The layer a change lands in, for messages. */
        String into() {
            return layer == null ? "kv" : layer;
        }

        /** The path as the user wrote it, layer and all. */
        String show() {
            return layer == null ? path.toString() : layer + ":" + path;
        }
    }

    private static Target target(ShellContext ctx, String command, String text) {
        FsService fs = fs(ctx, command);
        Matcher m = IN_LAYER.matcher(text);
        if (m.matches()) {
            return new Target(fs.layer(m.group(1)), path(command, m.group(2)), m.group(1));
        }
        return new Target(fs, path(command, text), null);
    }

    private static FsService fs(ShellContext ctx, String command) {
        return ctx.registry()
                .get(FsService.class)
                .orElseThrow(() ->
                        new ShellException(command + ": the filesystem service is not running"));
    }

    private static FsPath path(String command, String text) {
        try {
            return FsPath.parse(text);
        } catch (InvalidPathException e) {
            throw new ShellException(
                    command
                            + ": "
                            + new FsError.InvalidPath(e.getInput(), e.getReason()).message());
        }
    }

    private static void count(String command, String usage, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new ShellException(
                    command
                            + ": "
                            + (args.size() < min ? "missing argument" : "too many arguments")
                            + "; usage: "
                            + command
                            + (usage.isEmpty() ? "" : " " + usage));
        }
    }

    /** The reply's success, or a one-line error for the shell. */
    private static <T> T ok(String command, FsProtocol.Reply reply, Class<T> type) {
        if (reply instanceof FsProtocol.Failed f) {
            throw new ShellException(command + ": " + f.error().message());
        }
        return type.cast(reply);
    }

    private static CompletionStage<String> mount(ShellContext ctx, List<String> args) {
        count("mount", "", args, 0, 0);
        return fs(ctx, "mount")
                .mounts()
                .exceptionally(t -> {
                    throw new ShellException(
                            "mount: " + (t.getCause() != null ? t.getCause() : t).getMessage());
                })
                .thenApply(m -> {
                    String row = "%-6s %-5s %-4s %-11s %-8s %s%n";
                    var out =
                            new StringBuilder(
                                    String.format(
                                            Locale.ROOT,
                                            row,
                                            "LAYER",
                                            "KIND",
                                            "MODE",
                                            "STATE",
                                            "RESTARTS",
                                            "SOURCE"));
                    for (Vfs.MountInfo l : m.layers()) {
                        out.append(
                                String.format(
                                        Locale.ROOT,
                                        row,
                                        l.name(),
                                        l.kind(),
                                        l.mode(),
                                        l.state(),
                                        l.restarts(),
                                        l.source()
                                                + (l.lastFailure().isEmpty()
                                                        ? ""
                                                        : " (last crash: "
                                                                + l.lastFailure()
                                                                + ")")));
                    }
                    return out.toString().stripTrailing();
                });
    }

    private static CompletionStage<String> ls(ShellContext ctx, List<String> args) {
        count("ls", "[PATH]", args, 0, 1);
        Target t = target(ctx, "ls", args.isEmpty() ? "/" : args.getFirst());
        return t.fs().stat(t.path())
                .thenCompose(stat -> {
                    FsEntry entry = ok("ls", stat, FsProtocol.StatOk.class).entry();
                    if (!entry.isDirectory()) {
                        return CompletableFuture.completedFuture(line(entry));
                    }
                    return t.fs().list(t.path())
                            .thenApply(reply -> {
                                var listed = ok("ls", reply, FsProtocol.ReadDirOk.class);
                                var out = new StringBuilder();
                                if (listed.entries().isEmpty()) {
                                    out.append("ls: ").append(t.show()).append(" is empty\n");
                                }
                                listed.entries().forEach(e -> out.append(line(e)).append('\n'));
                                // a layer set up but down: its names may be missing above
                                for (FsError.Unavailable down : listed.unlisted()) {
                                    out.append("(")
                                            .append(down.layer())
                                            .append(": not listed: ")
                                            .append(down.reason())
                                            .append(")\n");
                                }
                                return out.toString().stripTrailing();
                            });
                });
    }

    /**
     * One name as {@code ls} shows it: kind, size, the layers holding it (top first: the first one
     * is read), name.
     */
    private static String line(FsEntry e) {
        return String.format(
                Locale.ROOT,
                "%-4s %10s  %-9s %s",
                e.isDirectory() ? "dir" : "file",
                e.isDirectory() ? "-" : Long.toString(e.size()),
                String.join(",", e.layers()),
                e.name() + (e.isDirectory() && !e.name().equals("/") ? "/" : ""));
    }

    private static CompletionStage<String> cat(ShellContext ctx, List<String> args) {
        count("cat", "PATH", args, 1, 1);
        Target t = target(ctx, "cat", args.getFirst());
        FsService fs = t.fs();
        FsPath file = t.path();
        return fs.stat(file)
                .thenCompose(stat -> {
                    FsEntry e = ok("cat", stat, FsProtocol.StatOk.class).entry();
                    if (e.isDirectory()) {
                        throw new ShellException(
                                "cat: "
                                        + new FsError.IsADirectory(file).message()
                                        + " (list it with 'ls "
                                        + file
                                        + "')");
                    }
                    if (e.size() > CAT_MAX_BYTES) {
                        throw new ShellException(
                                "cat: "
                                        + file
                                        + " is "
                                        + e.size()
                                        + " bytes; cat prints files up to "
                                        + CAT_MAX_BYTES);
                    }
                    return fs.read(file, 0, FsProtocol.Read.WHOLE);
                })
                .thenApply(reply -> {
                    byte[] data = ok("cat", reply, FsProtocol.ReadOk.class).data();
                    for (byte b : data) {
                        if (b == 0) {
                            throw new ShellException(
                                    "cat: "
                                            + file
                                            + " holds binary data ("
                                            + data.length
                                            + " bytes); cat prints text");
                        }
                    }
                    String text = new String(data, StandardCharsets.UTF_8);
                    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                });
    }

    private static CompletionStage<String> put(ShellContext ctx, List<String> args) {
        if (args.size() < 2) {
            throw new ShellException(
                    "put: missing argument; usage: put PATH TEXT... (quote TEXT with spaces: put /a"
                            + " 'two words')");
        }
        Target t = target(ctx, "put", args.getFirst());
        byte[] data =
                String.join(" ", args.subList(1, args.size())).getBytes(StandardCharsets.UTF_8);
        return t.fs().write(t.path(), data)
                .thenApply(reply -> {
                    ok("put", reply, FsProtocol.Done.class);
                    return "put: wrote " + t.path() + " (" + data.length + " bytes) in " + t.into();
                });
    }

    private static CompletionStage<String> rm(ShellContext ctx, List<String> args) {
        count("rm", "PATH", args, 1, 1);
        Target t = target(ctx, "rm", args.getFirst());
        return t.fs().delete(t.path())
                .thenCompose(reply -> {
                    ok("rm", reply, FsProtocol.Done.class);
                    return t.layer() == null
                            ? t.fs().stat(t.path())
                            : CompletableFuture.completedFuture(null);
                })
                .thenApply(after ->
                        after instanceof FsProtocol.StatOk ok
                                ? "rm: removed "
                                        + t.path()
                                        + " from kv; the "
                                        + ok.entry().layers().getFirst()
                                        + "'s copy shows through again"
                                : "rm: removed " + t.path() + " from " + t.into());
    }

    private static CompletionStage<String> mkdir(ShellContext ctx, List<String> args) {
        count("mkdir", "PATH", args, 1, 1);
        Target t = target(ctx, "mkdir", args.getFirst());
        return t.fs().mkdir(t.path())
                .thenApply(reply -> {
                    ok("mkdir", reply, FsProtocol.Done.class);
                    return "mkdir: made " + t.path() + " in " + t.into();
                });
    }

    private static CompletionStage<String> cp(ShellContext ctx, List<String> args) {
        count("cp", "SRC DST", args, 2, 2);
        Target src = target(ctx, "cp", args.get(0));
        Target dst = target(ctx, "cp", args.get(1));
        return src.fs()
                .stat(src.path())
                .thenCompose(stat -> {
                    FsEntry from = ok("cp", stat, FsProtocol.StatOk.class).entry();
                    if (from.isDirectory()) {
                        throw new ShellException(
                                "cp: " + src.show() + " is a directory; cp copies one file");
                    }
                    return src.fs()
                            .read(src.path(), 0, FsProtocol.Read.WHOLE)
                            .thenCompose(read -> {
                                byte[] data = ok("cp", read, FsProtocol.ReadOk.class).data();
                                boolean intoDir =
                                        args.get(1)
                                                .endsWith(
                                                        "/"); // "cp /etc/motd /home/": into /home,
                                // made by the write
                                return dst.fs()
                                        .stat(dst.path())
                                        .thenCompose(target -> {
                                            FsPath to =
                                                    intoDir
                                                                    || target
                                                                                    instanceof
                                                                                    FsProtocol
                                                                                                    .StatOk
                                                                                            t
                                                                            && t.entry()
                                                                                    .isDirectory()
                                                            ? path(
                                                                    "cp",
                                                                    dst.path().isRoot()
                                                                            ? "/"
                                                                                    + src.path()
                                                                                            .name()
                                                                            : dst.path()
                                                                                    + "/"
                                                                                    + src.path()
                                                                                            .name())
                                                            : dst.path();
                                            return dst.fs()
                                                    .write(to, data)
                                                    .thenApply(done -> {
                                                        ok("cp", done, FsProtocol.Done.class);
                                                        return "cp: copied "
                                                                + src.path()
                                                                + " (from "
                                                                + from.layers().getFirst()
                                                                + ") to "
                                                                + to
                                                                + " in "
                                                                + dst.into()
                                                                + " ("
                                                                + data.length
                                                                + " bytes)";
                                                    });
                                        });
                            });
                });
    }
}
