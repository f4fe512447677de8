package honk.storage.ninep;

/**
 * The numbers of 9P2000.L's wire format: message types, header sizes, and the flags honk sends.
 * Every message is {@code size[4] type[1] tag[2] body}, little-endian; strings are {@code len[2]}
 * and UTF-8. Sources: the Plan 9 intro(5) pages for the base messages, and the Linux kernel's
 * {@code include/net/9p/9p.h} and diod's {@code protocol.md} for the .L extensions. Pure Java.
 */
final class NinePWire {
    private NinePWire() {}

    static final String VERSION = "9P2000.L";

    /** size[4] type[1] tag[2]: the header of every message. */
    static final int HEADER = 7;

    /** The tag of Tversion, which is answered before tags exist. */
    static final int NOTAG = 0xFFFF;

    /** "no fid": the afid of a Tattach without authentication. */
    static final int NOFID = 0xFFFFFFFF;

    /**
     * Room kept in msize for the header of a read, a write or a readdir: P9_IOHDRSZ (24), as
     * Linux's client keeps. diod refuses (EIO) a count that leaves less, though the headers are 11
     * and 23 bytes.
     */
    static final int IOHDRSZ = 24;

    /** Bytes of a Twrite header (header + fid[4] offset[8] count[4]). */
    static final int TWRITE_HEADER = HEADER + 16;

    /** The smallest msize honk accepts: room for a walk reply of 16 qids and some data. */
    static final int MIN_MSIZE = 4096;

    /** Names per Twalk: the protocol's MAXWELEM. Longer paths are walked in batches. */
    static final int MAX_WALK = 16;

    /** Bytes of a qid: type[1] version[4] path[8]. */
    static final int QID = 13;

    // Message types (T is even, its R is T + 1).
    static final int RLERROR = 7;
    static final int TLOPEN = 12;
    static final int TLCREATE = 14;
    static final int TRENAME = 20;
    static final int TGETATTR = 24;
    static final int TREADDIR = 40;
    static final int TMKDIR = 72;
    static final int TRENAMEAT = 74;
    static final int TUNLINKAT = 76;
    static final int TVERSION = 100;
    static final int TATTACH = 104;
    static final int TWALK = 110;
    static final int TREAD = 116;
    static final int TWRITE = 118;
    static final int TCLUNK = 120;
    static final int TREMOVE = 122;

    // Linux open(2) flags as 9P2000.L carries them.
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;

    /** Tunlinkat's flag for removing a directory. */
    static final int AT_REMOVEDIR = 0x200;

    /** Tgetattr's request mask for the basic fields (mode through blocks). */
    static final long GETATTR_BASIC = 0x7ffL;

    /** The name of a message type, for errors ("Rread", "type 250"). */
    static String name(int type) {
        return switch (type) {
            case 6, 7 -> (type == 6 ? "T" : "R") + "lerror";
            case 12, 13 -> (type == 12 ? "T" : "R") + "lopen";
            case 14, 15 -> (type == 14 ? "T" : "R") + "lcreate";
            case 20, 21 -> (type == 20 ? "T" : "R") + "rename";
            case 24, 25 -> (type == 24 ? "T" : "R") + "getattr";
            case 40, 41 -> (type == 40 ? "T" : "R") + "readdir";
            case 72, 73 -> (type == 72 ? "T" : "R") + "mkdir";
            case 74, 75 -> (type == 74 ? "T" : "R") + "renameat";
            case 76, 77 -> (type == 76 ? "T" : "R") + "unlinkat";
            case 100, 101 -> (type == 100 ? "T" : "R") + "version";
            case 104, 105 -> (type == 104 ? "T" : "R") + "attach";
            case 110, 111 -> (type == 110 ? "T" : "R") + "walk";
            case 116, 117 -> (type == 116 ? "T" : "R") + "read";
            case 118, 119 -> (type == 118 ? "T" : "R") + "write";
            case 120, 121 -> (type == 120 ? "T" : "R") + "clunk";
            case 122, 123 -> (type == 122 ? "T" : "R") + "remove";
            default -> "type " + type;
        };
    }
}
