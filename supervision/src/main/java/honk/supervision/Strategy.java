package honk.supervision;

/** OTP's restart strategies: which siblings restart along with a child that exited. */
public enum Strategy {
    /** Only the child that exited. */
    ONE_FOR_ONE,
    /** Every child. */
    ONE_FOR_ALL,
    /** The child that exited and every child started after it. */
    REST_FOR_ONE
}
