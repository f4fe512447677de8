package honk.net.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.util.Optional;

/** The bearer-token check on its own: what is missing, what is wrong, what passes. */
@Timeout(10)
class HttpTokenTest {
    private final HttpToken token = HttpToken.of("abc123");

    @Test
    void noHeaderOrAnotherSchemeIsMissing() {
        assertEquals(HttpToken.Check.MISSING, token.check(Optional.empty()));
        assertEquals(HttpToken.Check.MISSING, token.check(Optional.of("Basic abc123")));
        assertEquals(HttpToken.Check.MISSING, token.check(Optional.of("abc123")));
        assertEquals(HttpToken.Check.MISSING, token.check(Optional.of("Bearer")));
        assertEquals(HttpToken.Check.MISSING, token.check(Optional.of("Bearer  ")));
    }

    @Test
    void theRightTokenPassesWhateverTheSchemesCase() {
        assertEquals(HttpToken.Check.OK, token.check(Optional.of("Bearer abc123")));
        assertEquals(HttpToken.Check.OK, token.check(Optional.of("bearer   abc123 ")));
    }

    @Test
    void anyOtherTokenIsWrong() {
        assertEquals(HttpToken.Check.WRONG, token.check(Optional.of("Bearer abc124")));
        assertEquals(HttpToken.Check.WRONG, token.check(Optional.of("Bearer abc1234")));
    }

    @Test
    void randomTokensDifferAndBadConfiguredOnesAreRefused() {
        var random = new SecureRandom();
        assertNotEquals(HttpToken.random(random).reveal(), HttpToken.random(random).reveal());
        assertThrows(IllegalArgumentException.class, () -> HttpToken.of("has space"));
        assertThrows(IllegalArgumentException.class, () -> HttpToken.of(" "));
    }
}
