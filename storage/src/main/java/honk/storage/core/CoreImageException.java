package honk.storage.core;

import java.io.IOException;

/**
 * A core image that must not be used, and why; the message names the slot or image, what is wrong
 * with it and what to do. Every failure to verify is one of these, so a caller that boots from a
 * slot can fail closed on the type alone.
 */
public class CoreImageException extends IOException {
    public CoreImageException(String message) {
        super(message);
    }

    /** Not a core image (bad magic: blank or foreign), or one this build cannot read. */
    public static final class Malformed extends CoreImageException {
        public Malformed(String message) {
            super(message);
        }
    }

    /** The image ends before its header says it does: a cut-off copy or a too-small slot. */
    public static final class Truncated extends CoreImageException {
        public Truncated(String message) {
            super(message);
        }
    }

    /** The manifest is not signed by a trusted key, or its signature does not verify. */
    public static final class Untrusted extends CoreImageException {
        public Untrusted(String message) {
            super(message);
        }
    }

    /** The data does not match the signed Merkle root: at open, or a chunk on a later read. */
    public static final class Corrupt extends CoreImageException {
        public Corrupt(String message) {
            super(message);
        }
    }

    /**
     * The image's version is below the anti-rollback floor, or an update is not newer than what
     * runs.
     */
    public static final class Rollback extends CoreImageException {
        public Rollback(String message) {
            super(message);
        }
    }

    /** Neither slot holds a valid image; the message gives each slot's reason. */
    public static final class NoValidSlot extends CoreImageException {
        public NoValidSlot(String message) {
            super(message);
        }
    }
}
