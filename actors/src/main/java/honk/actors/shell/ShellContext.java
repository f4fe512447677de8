package honk.actors.shell;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;

import com.typesafe.config.Config;

import honk.actors.ProcessTable;
import honk.actors.ProgramRegistry;
import honk.actors.kernel.BoardPort;
import honk.actors.kernel.CapabilityCatalog;
import honk.actors.kernel.ConsolePort;
import honk.actors.kernel.KernelLog;
import honk.actors.kernel.RegistryView;
import honk.supervision.ServiceHandle;
import honk.supervision.Supervisor;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What a shell command may reach, and nothing of the kernel beyond it: each component is there
 * because a command uses it (named below). Made once by {@link ShellServices}; the same for every
 * command and every incarnation of the shell. Thread-safe: commands run on any dispatcher thread.
 *
 * @param board harts, memory, devices ({@code harts}, {@code mem}, {@code devices}, {@code stress},
 *     {@code blk})
 * @param console lines beside a command's answer ({@code fault shell}, {@code exit})
 * @param table the process table ({@code run}, {@code ps}, {@code kill}, {@code send}, {@code
 *     reap}, ...)
 * @param programs the compiled-in programs ({@code run})
 * @param capabilities grants for a new process ({@code run}, {@code wasm})
 * @param registry the entries the board and the services provided, read-only (the modules'
 *     commands)
 * @param scheduler for asks of the services
 * @param config the actor system's configuration ({@code harts}: the dispatcher's parallelism)
 * @param systemSupervisor the {@code system} supervisor, once it is up ({@code fault}, {@code
 *     tree})
 * @param log the kernel log ({@code log})
 * @param bootMillis the wall-clock time of boot ({@code uptime})
 * @param bootNanos {@link System#nanoTime} at boot ({@code uptime})
 * @param jobs the processes the shell started, the last of them {@code $!} ({@code run}, {@code
 *     wasm}; the shell reports their crashes)
 * @param shutdown a clean shutdown with this exit status ({@code exit}, the end of the console's
 *     input)
 * @param panic crashes the kernel's guardian on purpose, with this reason ({@code panic})
 */
public record ShellContext(
        BoardPort board,
        ConsolePort console,
        ProcessTable table,
        ProgramRegistry programs,
        CapabilityCatalog capabilities,
        RegistryView registry,
        Scheduler scheduler,
        Config config,
        Supplier<ActorRef<Supervisor.Command>> systemSupervisor,
        ServiceHandle<KernelLog.Command> log,
        long bootMillis,
        long bootNanos,
        Jobs jobs,
        IntConsumer shutdown,
        Consumer<String> panic) {}
