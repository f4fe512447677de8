package honk.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The programs compiled into the image, found through the ServiceLoader. */
@Timeout(60)
class ProgramRegistryTest {

    @Test
    void loadFindsEveryFirstPartyProgramSortedByName() {
        var registry = ProgramRegistry.load();
        assertEquals(
                List.of("crasher", "idle", "ping", "pong", "ticker"),
                registry.all().stream().map(Program::name).toList());
        assertEquals("idle", registry.find("idle").orElseThrow().name());
        assertEquals(Optional.empty(), registry.find("nope"));
    }

    @Test
    void programsAskForTheCapabilitiesTheyUse() {
        var registry = ProgramRegistry.load();
        assertEquals(Set.of(), registry.find("idle").orElseThrow().requestedCaps());
        assertEquals(Set.of("console"), registry.find("ticker").orElseThrow().requestedCaps());
        assertEquals(Set.of("console"), registry.find("crasher").orElseThrow().requestedCaps());
        assertEquals(
                Set.of("procs", "console"), registry.find("ping").orElseThrow().requestedCaps());
        assertTrue(
                registry.all().stream()
                        .allMatch(p -> p.kind() == ProcessKind.NATIVE && !p.summary().isBlank()));
    }

    @Test
    void twoProgramsWithOneNameAreRejected() {
        var a = TestPrograms.quick("twin");
        var b = TestPrograms.quick("twin");
        var e = assertThrows(IllegalStateException.class, () -> ProgramRegistry.of(List.of(a, b)));
        assertEquals("two programs are named 'twin'", e.getMessage());
    }
}
