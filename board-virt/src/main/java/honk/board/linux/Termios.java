package honk.board.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The kernel's {@code struct termios} as ioctl(TCGETS) fills it (asm-generic/termbits.h: four
 * 32-bit flag words, the line discipline, 19 control characters; little-endian on riscv64), and the
 * one change honk makes to it: raw input for its own line editor. Pure Java.
 */
public record Termios(int iflag, int oflag, int cflag, int lflag, byte line, byte[] cc) {
    /** Bytes of the kernel struct: 4 flag words + c_line + NCCS (19) control characters. */
    static final int SIZE = 4 * 4 + 1 + 19;

    // c_iflag bits (asm-generic/termbits.h)
    static final int BRKINT = 0x002;
    static final int ICRNL = 0x100;
    static final int INPCK = 0x010;
    static final int ISTRIP = 0x020;
    static final int IXON = 0x400;
    // c_lflag bits
    static final int ISIG = 0x001;
    static final int ICANON = 0x002;
    static final int ECHO = 0x008;
    static final int IEXTEN = 0x8000;
    // c_cc indices
    static final int VTIME = 5;
    static final int VMIN = 6;

    public Termios {
        if (cc.length != 19) {
            throw new IllegalArgumentException(
                    "termios has 19 control characters, not " + cc.length);
        }
        cc = cc.clone();
    }

    static Termios of(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new Termios(
                b.getInt(0),
                b.getInt(4),
                b.getInt(8),
                b.getInt(12),
                raw[16],
                Arrays.copyOfRange(raw, 17, SIZE));
    }

    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(iflag).putInt(oflag).putInt(cflag).putInt(lflag).put(line).put(cc);
        return b.array();
    }

    @Override
    public byte[] cc() {
        return cc.clone();
    }

    /**
     * Raw input for a line editor: no line buffering, echo, signals, flow control or CR-to-NL
     * mapping, one byte at a time. Output processing stays on, so "\n" still prints as CR LF.
     */
    public Termios raw() {
        byte[] c = cc.clone();
        c[VMIN] = 1;
        c[VTIME] = 0;
        return new Termios(
                iflag & ~(BRKINT | ICRNL | INPCK | ISTRIP | IXON),
                oflag,
                cflag,
                lflag & ~(ECHO | ICANON | IEXTEN | ISIG),
                line,
                c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Termios t
                && iflag == t.iflag
                && oflag == t.oflag
                && cflag == t.cflag
                && lflag == t.lflag
                && line == t.line
                && Arrays.equals(cc, t.cc);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        return String.format(
                "Termios[iflag=%#x, oflag=%#x, cflag=%#x, lflag=%#x]", iflag, oflag, cflag, lflag);
    }
}
