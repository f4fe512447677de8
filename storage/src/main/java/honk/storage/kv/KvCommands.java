package honk.storage.kv;

import akka.actor.typed.javadsl.AskPattern;

import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellContext;
import honk.actors.shell.ShellException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The storage module's shell commands: {@code kv} (the KV store) and {@code reset --confirm}. */
public final class KvCommands implements ShellCommandProvider {
    private static final Duration ASK = Duration.ofSeconds(60);
    private static final String USAGE = "[ls | get KEY | put KEY VALUE... | del KEY | compact]";

    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "kv",
                                USAGE,
                                "the crash-safe KV store: figures alone, or list, read, write,"
                                        + " delete, compact",
                                KvCommands::kv)
                        .withExample("kv", "keys, space used, generation")
                        .withExample("kv put greeting hello world", "set the key greeting")
                        .withExample("kv get greeting", "print its value")
                        .withExample("kv ls", "every key, sorted")
                        .withExample("kv del greeting", "delete it")
                        .withExample("kv compact", "rewrite the log with the live keys only"),
                ShellCommand.ofAsync(
                                "reset",
                                "--confirm",
                                "stateless reset: clear all writable state (the KV store),"
                                        + " crash-safely",
                                KvCommands::reset)
                        .withExample(
                                "reset --confirm", "delete every key (files written to kv too)"));
    }

    private static KvService service(ShellContext ctx) {
        return ctx.registry()
                .get(KvService.class)
                .orElseThrow(() -> new ShellException("kv: the storage service is not running"));
    }

    private static CompletionStage<String> kv(ShellContext ctx, List<String> args) {
        KvService kv = service(ctx);
        String sub = args.isEmpty() ? "" : args.getFirst();
        try {
            return switch (sub) {
                case "" -> done(stats(kv));
                case "ls" -> {
                    count(args, 1, 1, "ls");
                    List<String> keys = kv.reader().keys();
                    yield done(keys.isEmpty() ? "kv: no keys" : String.join("\n", keys));
                }
                case "get" -> {
                    count(args, 2, 2, "get KEY");
                    yield done(
                            kv.reader()
                                    .get(args.get(1))
                                    .map(v -> new String(v, StandardCharsets.UTF_8))
                                    .orElseThrow(() ->
                                            new ShellException(
                                                    "kv: no key '" + args.get(1) + "'")));
                }
                case "put" -> {
                    count(args, 3, Integer.MAX_VALUE, "put KEY VALUE...");
                    String value = String.join(" ", args.subList(2, args.size()));
                    yield write(
                            ctx,
                            kv,
                            op(() ->
                                    new KvOp.Put(
                                            args.get(1), value.getBytes(StandardCharsets.UTF_8))),
                            "kv: put "
                                    + args.get(1)
                                    + " ("
                                    + value.getBytes(StandardCharsets.UTF_8).length
                                    + " bytes)");
                }
                case "del" -> {
                    count(args, 2, 2, "del KEY");
                    yield write(
                            ctx,
                            kv,
                            op(() -> new KvOp.Delete(args.get(1))),
                            "kv: deleted " + args.get(1));
                }
                case "compact" -> {
                    count(args, 1, 1, "compact");
                    yield ask(
                            ctx,
                            kv,
                            r -> new KvStore.Compact(r),
                            () -> "kv: compacted; " + statsOrEmpty(kv));
                }
                default ->
                        throw new ShellException(
                                "kv: unknown subcommand '" + sub + "'; usage: kv " + USAGE);
            };
        } catch (IOException e) {
            throw new ShellException("kv: " + e.getMessage());
        }
    }

    private static CompletionStage<String> reset(ShellContext ctx, List<String> args) {
        if (!args.equals(List.of("--confirm"))) {
            throw new ShellException(
                    "reset: this clears every key of the KV store; type 'reset --confirm' to do"
                            + " it");
        }
        return ask(
                ctx, service(ctx), r -> new KvStore.Reset(r), () -> "reset: the KV store is empty");
    }

    private static String stats(KvService kv) throws IOException {
        KvStats s = kv.reader().stats();
        return String.format(
                "kv: %d keys; %d of %d KiB of the log region used; generation %d; %d batches and %d"
                        + " compactions since open",
                s.keys(),
                s.usedBlocks() * s.blockSize() / 1024,
                s.regionBlocks() * s.blockSize() / 1024,
                s.generation(),
                s.batches(),
                s.compactions());
    }

    private interface OpMaker {
        KvOp make();
    }

    /** A key or value the store refuses becomes a one-line error, not a crash. */
    private static KvOp op(OpMaker maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            throw new ShellException("kv: " + e.getMessage());
        }
    }

    private static CompletionStage<String> write(
            ShellContext ctx, KvService kv, KvOp op, String ok) {
        return ask(ctx, kv, r -> new KvStore.Write(op, r), () -> ok);
    }

    private static CompletionStage<String> ask(
            ShellContext ctx,
            KvService kv,
            akka.japi.function.Function<akka.actor.typed.ActorRef<KvStore.Result>, KvStore.Command>
                    message,
            java.util.function.Supplier<String> ok) {
        var appender = kv.appender().current();
        if (appender == null) {
            throw new ShellException(
                    kv.appender()
                            .failure()
                            .map(why -> "kv: the store is down: " + why + "; see 'tree' and 'log'")
                            .orElse("kv: the store is restarting; try again in a moment"));
        }
        return AskPattern.ask(appender, message, ASK, ctx.scheduler())
                .thenApply(result ->
                        switch (result) {
                            case KvStore.Done d ->
                                    ok.get(); // after the store answered: figures include the
                            // change
                            case KvStore.Failed f -> throw new ShellException("kv: " + f.reason());
                        });
    }

    private static String statsOrEmpty(KvService kv) {
        try {
            return stats(kv).substring("kv: ".length());
        } catch (IOException e) {
            return "";
        }
    }

    private static void count(List<String> args, int min, int max, String usage) {
        if (args.size() < min || args.size() > max) {
            throw new ShellException(
                    "kv: "
                            + (args.size() < min ? "missing argument" : "too many arguments")
                            + "; usage: kv "
                            + usage);
        }
    }

    private static CompletionStage<String> done(String text) {
        return CompletableFuture.completedFuture(text);
    }
}
