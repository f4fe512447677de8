package honk.storage.core;

import honk.actors.shell.ShellCommand;
import honk.actors.shell.ShellCommandProvider;
import honk.actors.shell.ShellContext;
import honk.actors.shell.ShellException;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The shell's {@code image}: which core slot booted, every candidate's verdict, the anti-rollback
 * floor.
 */
public final class CoreCommands implements ShellCommandProvider {
    @Override
    public List<ShellCommand> commands() {
        return List.of(
                ShellCommand.ofAsync(
                                "image",
                                "",
                                "the signed core: which slot booted, versions, why a candidate was"
                                        + " rejected",
                                CoreCommands::image)
                        .withExample("image", "the booted slot, each slot's verdict, the floor"));
    }

    private static CompletionStage<String> image(ShellContext ctx, List<String> args) {
        if (!args.isEmpty()) {
            throw new ShellException("image: takes no arguments");
        }
        CoreService core =
                ctx.registry()
                        .get(CoreService.class)
                        .orElseThrow(() ->
                                new ShellException(
                                        "image: no core on this board (it needs a disk: scripts/run"
                                                + " --disk FILE)"));
        return core.report()
                .handle((report, failure) -> {
                    if (failure != null) {
                        Throwable cause =
                                failure instanceof CompletionException && failure.getCause() != null
                                        ? failure.getCause()
                                        : failure;
                        throw new ShellException("image: " + cause.getMessage());
                    }
                    return report.render();
                });
    }
}
