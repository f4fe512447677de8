package honk.board.linux;

/** A system call failed: names the call, the errno and its meaning. */
public final class NativeIoException extends RuntimeException {
    private final int errno;

    public NativeIoException(String call, int errno, String meaning) {
        super(call + " failed: errno " + errno + " (" + meaning + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
