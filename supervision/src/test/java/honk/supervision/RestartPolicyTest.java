package honk.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Restart policies of processes and restart types of supervised children: parsing and the restart
 * matrix.
 */
@Timeout(60)
class RestartPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "never, NEVER",
        "on-failure, ON_FAILURE",
        "always, ALWAYS",
        "' Always ', ALWAYS",
        "ON-FAILURE, ON_FAILURE"
    })
    void parseAcceptsEveryLabelIgnoringCaseAndSurroundingSpace(
            String text, RestartPolicy expected) {
        assertEquals(expected, RestartPolicy.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"sometimes", "on_failure", "''", "restart"})
    void parseRejectsAnUnknownPolicyAndListsTheChoices(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("never|on-failure|always"), e.getMessage());
    }

    @Test
    void labelsRoundTripThroughParse() {
        for (RestartPolicy p : RestartPolicy.values()) {
            assertEquals(p, RestartPolicy.parse(p.label()));
            assertEquals(p.label(), p.toString());
        }
        assertEquals("never|on-failure|always", RestartPolicy.choices());
    }

    @ParameterizedTest(name = "{0} after crashed={1} restarts: {2}")
    @CsvSource({
        "NEVER, true, false", "NEVER, false, false",
        "ON_FAILURE, true, true", "ON_FAILURE, false, false",
        "ALWAYS, true, true", "ALWAYS, false, true"
    })
    void restartPolicyRestartsAfterExactlyTheExitsItNames(
            RestartPolicy policy, boolean crashed, boolean restarts) {
        assertEquals(restarts, policy.restartsAfter(crashed));
    }

    @ParameterizedTest(name = "{0} after crashed={1} restarts: {2}")
    @CsvSource({
        "PERMANENT, true, true", "PERMANENT, false, true",
        "TRANSIENT, true, true", "TRANSIENT, false, false",
        "TEMPORARY, true, false", "TEMPORARY, false, false"
    })
    void restartTypeFollowsOtpSemantics(Restart type, boolean crashed, boolean restarts) {
        assertEquals(restarts, type.restartsAfter(crashed));
    }
}
