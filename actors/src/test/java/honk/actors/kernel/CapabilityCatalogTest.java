package honk.actors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;

import honk.actors.Capabilities;
import honk.actors.CapabilityDeniedException;
import honk.actors.ConsoleCapability;
import honk.actors.ProcessInfo;
import honk.actors.ProcessShard;
import honk.actors.ProcessState;
import honk.actors.ProcessTable;
import honk.actors.ProcsCapability;
import honk.actors.ProgramRegistry;
import honk.actors.SpawnSpec;
import honk.actors.Text;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Capabilities: minted only by the catalog, by name; a process without a handle cannot reach the
 * service, and {@code procs} never lets a parent grant a child more than it holds itself.
 */
@Timeout(60)
class CapabilityCatalogTest {
    private static final ActorTestKit testKit = KernelLogTest.quietKit();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final RecordingConsole console = new RecordingConsole();
    private final ProcessTable table =
            new ProcessTable(
                    List.of(
                            testKit.spawn(ProcessShard.create(0)),
                            testKit.spawn(ProcessShard.create(1))),
                    testKit.scheduler());
    private final ProgramRegistry programs = ProgramRegistry.load();
    private final CapabilityCatalog catalog = new CapabilityCatalog(console, table, programs);

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ProcessInfo awaitExit(long pid) throws Exception {
        return await(table.awaitExit(pid, WAIT)).orElseThrow();
    }

    @Test
    void grantingAnUnknownNameIsRejectedListingTheKnownOnes() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> catalog.grant(List.of("console", "disk")));
        assertEquals("unknown capability 'disk' (known: console, procs)", e.getMessage());
        assertEquals(Set.of("console", "procs"), catalog.known());
    }

    @Test
    void grantedHandlesAreExactlyTheNamedOnes() throws Exception {
        Capabilities none = catalog.grant(List.of());
        assertEquals("-", none.toString());
        Capabilities both = catalog.grant(List.of("procs", "console"));
        assertEquals("console,procs", both.toString());
        assertTrue(both.has("console") && both.has("procs"));
        both.get(ConsoleCapability.class, "test").println("through the handle");
        assertEquals(
                "through the handle", console.awaitLine(l -> l.equals("through the handle"), WAIT));
        var denied =
                assertThrows(
                        CapabilityDeniedException.class,
                        () -> none.get(ProcsCapability.class, "process 9 (x)"));
        assertEquals(
                "process 9 (x) was not granted the procs capability (grant it at start:"
                        + " --caps=procs)",
                denied.getMessage());
    }

    @Test
    void aCapabilityKindCanBeRegisteredOnceOnly() {
        catalog.register("clock", held -> () -> "clock");
        assertTrue(catalog.known().contains("clock"));
        assertTrue(catalog.grant(List.of("clock")).has("clock"));
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () -> catalog.register("console", held -> () -> "console"));
        assertEquals("capability 'console' is registered twice", e.getMessage());
    }

    @Test
    void aFamilyMintsEachParameterisedNameAndRefusesABadParameter() {
        catalog.registerFamily(
                "files",
                "files[:SCOPE]",
                name -> {
                    if (name.endsWith(":bad")) {
                        throw new IllegalArgumentException("'" + name + "': bad scope");
                    }
                    return () -> name;
                });
        assertTrue(catalog.known().contains("files"));
        Capabilities caps = catalog.grant(List.of("files", "files:/home:ro", "console"));
        assertEquals("console,files,files:/home:ro", caps.toString());
        var bad =
                assertThrows(
                        IllegalArgumentException.class, () -> catalog.grant(List.of("files:bad")));
        assertEquals("'files:bad': bad scope", bad.getMessage());
        var unknown =
                assertThrows(
                        IllegalArgumentException.class, () -> catalog.grant(List.of("disk:1")));
        assertEquals(
                "unknown capability 'disk:1' (known: console, files[:SCOPE], procs)",
                unknown.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> catalog.registerFamily("files", "x", n -> () -> n));
        assertThrows(
                IllegalStateException.class,
                () -> catalog.register("files", held -> () -> "files"));
    }

    @Test
    void procsCannotGrantAChildACapabilityTheParentLacks() throws Exception {
        ProcsCapability procsOnly =
                catalog.grant(List.of("procs")).get(ProcsCapability.class, "parent");
        var e =
                assertThrows(
                        CapabilityDeniedException.class,
                        () -> procsOnly.spawn("idle", List.of(), Set.of("console")));
        assertEquals(
                "cannot grant 'console' to a child: the parent does not hold it", e.getMessage());
        assertEquals(0, table.lastPid(), "nothing was spawned");

        ProcsCapability both =
                catalog.grant(List.of("procs", "console")).get(ProcsCapability.class, "parent");
        long child = both.spawn("idle", List.of(), Set.of("console"));
        var info = await(table.get(child)).orElseThrow();
        assertEquals(
                Set.of("console"),
                info.caps(),
                "attenuation: the child holds what it was given, no more");
        long bare = both.spawn("idle", List.of(), Set.of());
        assertTrue(await(table.get(bare)).orElseThrow().caps().isEmpty());
    }

    @Test
    void procsRefusesAnUnknownProgramAndReportsSendAndKillOutcomes() throws Exception {
        ProcsCapability procs =
                catalog.grant(List.of("procs")).get(ProcsCapability.class, "parent");
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> procs.spawn("nope", List.of(), Set.of()));
        assertEquals("no program 'nope'", e.getMessage());
        long pid = procs.spawn("idle", List.of(), Set.of());
        assertTrue(await(procs.send(pid, new Text("hi"))));
        assertFalse(await(procs.send(pid + 100, new Text("hi"))));
        assertTrue(await(procs.kill(pid)));
        assertFalse(await(procs.kill(pid)), "a second kill is refused");
        assertFalse(await(procs.send(pid, new Text("hi"))));
    }

    @Test
    void pingWithoutProcsCannotStart() throws Exception {
        var ping = programs.find("ping").orElseThrow();
        long pid =
                table.spawn(
                        SpawnSpec.of(ping, List.of("10"))
                                .withCaps(catalog.grant(List.of("console"))));
        var ended = awaitExit(pid);
        assertEquals(ProcessState.CRASHED, ended.state());
        assertEquals(
                "CapabilityDeniedException: process "
                        + pid
                        + " (ping) was not granted the procs capability (grant it at start:"
                        + " --caps=procs)",
                ended.exitReason());
        assertEquals(1, table.lastPid(), "ping died before it could spawn pong");
    }

    @Test
    void pingWithItsCapabilitiesPlaysWithPongReportsAndCleansUp() throws Exception {
        var ping = programs.find("ping").orElseThrow();
        long pid =
                table.spawn(
                        SpawnSpec.of(ping, List.of("50"))
                                .withCaps(catalog.grant(ping.requestedCaps())));
        String report = console.awaitLine(l -> l.startsWith("ping " + pid + ": "), WAIT);
        long pong = pid + 1;
        assertTrue(
                report.startsWith("ping " + pid + ": 50 round trips with pong " + pong + " in "),
                report);
        assertEquals(ProcessState.STOPPED, awaitExit(pid).state());
        var pongEnd = awaitExit(pong);
        assertEquals(ProcessState.KILLED, pongEnd.state(), "ping kills its pong when done");
        assertEquals("pong", pongEnd.name());
        assertTrue(pongEnd.caps().isEmpty(), "pong was granted nothing");
    }
}
