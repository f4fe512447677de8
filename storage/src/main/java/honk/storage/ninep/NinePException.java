package honk.storage.ninep;

import java.io.IOException;

/**
 * A 9P exchange failed: the server refused it ({@link NinePErrorException}) or broke the protocol
 * ({@link NinePProtocolException}).
 */
public abstract sealed class NinePException extends IOException
        permits NinePErrorException, NinePProtocolException {
    NinePException(String message) {
        super(message);
    }
}
