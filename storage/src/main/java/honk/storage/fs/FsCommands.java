package honk.storage.fs;

import honk.actors.kernel.Kernel;
import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The filesystem's shell commands: {@code mount}, {@code ls}, {@code cat}, {@code put}, {@code rm}
 * and {@code cp}, over the whole union (the shell holds the {@link FsService}, not a scoped
 * capability). Every refusal is one line: the command's name and the {@link FsError}'s message.
 */
public final class FsCommands implements ShellCommandProvider {
    /** The largest file {@code cat} prints: a console is not the place for more. */
    static final int CAT_MAX_BYTES = 1 << 20;

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync("mount", "", "the filesystem's layers, top first: kv (rw) over core (ro)", FsCommands::mount),
                ShellCommand.ofAsync("ls", "[PATH]", "list a directory of the union (default /) and the layers holding each name",
                        FsCommands::ls),
                ShellCommand.ofAsync("cat", "PATH", "print a text file, read through the union", FsCommands::cat),
                ShellCommand.ofAsync("put", "PATH TEXT...", "write TEXT as the file PATH in kv (shadows the core's copy)",
                        FsCommands::put),
                ShellCommand.ofAsync("rm", "PATH", "delete a file from kv (the read-only core is never changed)", FsCommands::rm),
                ShellCommand.ofAsync("cp", "SRC DST", "copy a file read through the union into kv (DST/ or a directory: same name)",
                        FsCommands::cp));
    }

    private static FsService fs(Kernel kernel, String command) {
        return kernel.registry().get(FsService.class)
                .orElseThrow(() -> new ShellException(command + ": the filesystem service is not running"));
    }

    private static FsPath path(String command, String text) {
        try {
            return FsPath.parse(text);
        } catch (InvalidPathException e) {
            throw new ShellException(command + ": " + new FsError.InvalidPath(e.getInput(), e.getReason()).message());
        }
    }

    private static void count(String command, String usage, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new ShellException(command + ": " + (args.size() < min ? "missing argument" : "too many arguments")
                    + "; usage: " + command + (usage.isEmpty() ? "" : " " + usage));
        }
    }

    /** The reply's success, or a one-line error for the shell. */
    private static <T> T ok(String command, FsProtocol.Reply reply, Class<T> type) {
        if (reply instanceof FsProtocol.Failed f) {
            throw new ShellException(command + ": " + f.error().message());
        }
        return type.cast(reply);
    }

    private static CompletionStage<String> mount(Kernel kernel, List<String> args) {
        count("mount", "", args, 0, 0);
        return fs(kernel, "mount").mounts().exceptionally(t -> {
            throw new ShellException("mount: " + (t.getCause() != null ? t.getCause() : t).getMessage());
        }).thenApply(m -> {
            String row = "%-6s %-5s %-4s %-11s %-8s %s%n";
            var out = new StringBuilder(String.format(Locale.ROOT, row, "LAYER", "KIND", "MODE", "STATE", "RESTARTS", "SOURCE"));
            for (Vfs.MountInfo l : m.layers()) {
                out.append(String.format(Locale.ROOT, row, l.name(), l.kind(), l.mode(), l.state(), l.restarts(),
                        l.source() + (l.lastFailure().isEmpty() ? "" : " (last crash: " + l.lastFailure() + ")")));
            }
            return out.toString().stripTrailing();
        });
    }

    private static CompletionStage<String> ls(Kernel kernel, List<String> args) {
        count("ls", "[PATH]", args, 0, 1);
        FsService fs = fs(kernel, "ls");
        FsPath dir = path("ls", args.isEmpty() ? "/" : args.getFirst());
        return fs.stat(dir).thenCompose(stat -> {
            FsEntry entry = ok("ls", stat, FsProtocol.StatOk.class).entry();
            if (!entry.isDirectory()) {
                return CompletableFuture.completedFuture(line(entry));
            }
            return fs.list(dir).thenApply(reply -> {
                List<FsEntry> entries = ok("ls", reply, FsProtocol.ReadDirOk.class).entries();
                if (entries.isEmpty()) {
                    return "ls: " + dir + " is empty";
                }
                var out = new StringBuilder();
                entries.forEach(e -> out.append(line(e)).append('\n'));
                return out.toString().stripTrailing();
            });
        });
    }

    /** One name as {@code ls} shows it: kind, size, the layers holding it (top first: the first one is read), name. */
    private static String line(FsEntry e) {
        return String.format(Locale.ROOT, "%-4s %10s  %-9s %s", e.isDirectory() ? "dir" : "file",
                e.isDirectory() ? "-" : Long.toString(e.size()), String.join(",", e.layers()),
                e.name() + (e.isDirectory() && !e.name().equals("/") ? "/" : ""));
    }

    private static CompletionStage<String> cat(Kernel kernel, List<String> args) {
        count("cat", "PATH", args, 1, 1);
        FsService fs = fs(kernel, "cat");
        FsPath file = path("cat", args.getFirst());
        return fs.stat(file).thenCompose(stat -> {
            FsEntry e = ok("cat", stat, FsProtocol.StatOk.class).entry();
            if (e.isDirectory()) {
                throw new ShellException("cat: " + new FsError.IsADirectory(file).message() + " (list it with 'ls " + file + "')");
            }
            if (e.size() > CAT_MAX_BYTES) {
                throw new ShellException("cat: " + file + " is " + e.size() + " bytes; cat prints files up to " + CAT_MAX_BYTES);
            }
            return fs.read(file, 0, FsProtocol.Read.WHOLE);
        }).thenApply(reply -> {
            byte[] data = ok("cat", reply, FsProtocol.ReadOk.class).data();
            for (byte b : data) {
                if (b == 0) {
                    throw new ShellException("cat: " + file + " holds binary data (" + data.length + " bytes); cat prints text");
                }
            }
            String text = new String(data, StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        });
    }

    private static CompletionStage<String> put(Kernel kernel, List<String> args) {
        if (args.size() < 2) {
            throw new ShellException("put: missing argument; usage: put PATH TEXT... (quote TEXT with spaces: put /a 'two words')");
        }
        FsService fs = fs(kernel, "put");
        FsPath file = path("put", args.getFirst());
        byte[] data = String.join(" ", args.subList(1, args.size())).getBytes(StandardCharsets.UTF_8);
        return fs.write(file, data).thenApply(reply -> {
            ok("put", reply, FsProtocol.Done.class);
            return "put: wrote " + file + " (" + data.length + " bytes) in kv";
        });
    }

    private static CompletionStage<String> rm(Kernel kernel, List<String> args) {
        count("rm", "PATH", args, 1, 1);
        FsService fs = fs(kernel, "rm");
        FsPath file = path("rm", args.getFirst());
        return fs.delete(file).thenCompose(reply -> {
            ok("rm", reply, FsProtocol.Done.class);
            return fs.stat(file);
        }).thenApply(after -> after instanceof FsProtocol.StatOk ok
                ? "rm: removed " + file + " from kv; the " + ok.entry().layers().getFirst() + "'s copy shows through again"
                : "rm: removed " + file + " from kv");
    }

    private static CompletionStage<String> cp(Kernel kernel, List<String> args) {
        count("cp", "SRC DST", args, 2, 2);
        FsService fs = fs(kernel, "cp");
        FsPath src = path("cp", args.get(0));
        FsPath dst = path("cp", args.get(1));
        return fs.stat(src).thenCompose(stat -> {
            FsEntry from = ok("cp", stat, FsProtocol.StatOk.class).entry();
            if (from.isDirectory()) {
                throw new ShellException("cp: " + src + " is a directory; cp copies one file");
            }
            return fs.read(src, 0, FsProtocol.Read.WHOLE).thenCompose(read -> {
                byte[] data = ok("cp", read, FsProtocol.ReadOk.class).data();
                boolean intoDir = args.get(1).endsWith("/"); // "cp /etc/motd /home/": into /home, made by the write
                return fs.stat(dst).thenCompose(target -> {
                    FsPath to = intoDir || target instanceof FsProtocol.StatOk t && t.entry().isDirectory()
                            ? path("cp", dst.isRoot() ? "/" + src.name() : dst + "/" + src.name()) : dst;
                    return fs.write(to, data).thenApply(done -> {
                        ok("cp", done, FsProtocol.Done.class);
                        return "cp: copied " + src + " (from " + from.layers().getFirst() + ") to " + to
                                + " in kv (" + data.length + " bytes)";
                    });
                });
            });
        });
    }
}
