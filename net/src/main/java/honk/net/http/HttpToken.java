package honk.net.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The bearer token that every mutating request must carry. Made at boot from {@link SecureRandom}
 * unless configured, printed once on the console and never put in a response. Compared in constant
 * time (over SHA-256 digests, so the length does not leak either). Pure Java; immutable.
 */
final class HttpToken {
    /** The outcome of checking a request's {@code Authorization} header. */
    enum Check {
        OK,
        MISSING,
        WRONG
    }

    /** 24 random bytes: 192 bits, 32 characters of base64url. */
    private static final int RANDOM_BYTES = 24;

    private final String token;
    private final byte[] digest;

    private HttpToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    static HttpToken of(String token) {
        if (token.isBlank()
                || !token.strip().equals(token)
                || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("http: a token is printable ASCII without spaces");
        }
        return new HttpToken(token);
    }

    static HttpToken random(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new HttpToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token itself: only for the one console line at boot. */
    String reveal() {
        return token;
    }

    /** Checks an {@code Authorization} header value: {@code Bearer TOKEN} (RFC 6750). */
    Check check(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Check.MISSING;
        }
        String value = authorization.get().strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return Check.MISSING;
        }
        byte[] presented = sha256(value.substring(space + 1).strip());
        return MessageDigest.isEqual(presented, digest) ? Check.OK : Check.WRONG;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "HttpToken[hidden]";
    }
}
