package honk.storage.ninep;

/**
 * The server answered a request with Rlerror: a Linux errno ({@link Errno} names it and maps it to
 * the file tree's errors).
 */
public final class NinePErrorException extends NinePException {
    private final String request;
    private final int errno;
    private final int failedAt;

    public NinePErrorException(String request, int errno) {
        this(request, errno, -1);
    }

    /** A walk that stopped at name {@code failedAt} (0-based) of the path it was given. */
    public NinePErrorException(String request, int errno, int failedAt) {
        super(
                request
                        + ": "
                        + Errno.describe(errno)
                        + (failedAt < 0 ? "" : " at name " + (failedAt + 1) + " of the path"));
        this.request = request;
        this.errno = errno;
        this.failedAt = failedAt;
    }

    /** For a walk, the index of the name it could not walk to; -1 otherwise. */
    public int failedAt() {
        return failedAt;
    }

    /** The T-message refused, e.g. "Twalk". */
    public String request() {
        return request;
    }

    public int errno() {
        return errno;
    }
}
