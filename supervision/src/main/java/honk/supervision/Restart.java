package honk.supervision;

/** OTP's restart type of a supervised child. */
public enum Restart {
    /** Always restarted, whatever the exit. */
    PERMANENT,
    /** Restarted only after an abnormal exit (a crash). */
    TRANSIENT,
    /** Never restarted. */
    TEMPORARY;

    public boolean restartsAfter(boolean crashed) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> crashed;
            case TEMPORARY -> false;
        };
    }
}
