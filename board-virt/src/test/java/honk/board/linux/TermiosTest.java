package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TermiosTest {
    /**
     * A serial console's cooked mode as the kernel reports it (values from a riscv64 guest's
     * ttyS0).
     */
    private static Termios cooked() {
        byte[] cc = new byte[19];
        cc[Termios.VMIN] = 1;
        cc[Termios.VTIME] = 0;
        cc[0] = 3; // VINTR = Ctrl-C
        return new Termios(0x2d02, 0x5, 0xcbd, 0x8a3b, (byte) 0, cc);
    }

    @Test
    void roundTripsTheKernelLayout() {
        Termios t = cooked();
        byte[] raw = t.bytes();
        assertEquals(Termios.SIZE, raw.length);
        assertEquals(0x02, raw[0], "little-endian c_iflag");
        assertEquals(0x2d, raw[1]);
        assertEquals(3, raw[17], "c_cc[VINTR] follows c_line");
        assertEquals(t, Termios.of(raw));
    }

    @Test
    void rawModeTurnsOffEchoLineBufferingSignalsAndCrMapping() {
        Termios raw = cooked().raw();
        assertEquals(
                0, raw.lflag() & (Termios.ECHO | Termios.ICANON | Termios.ISIG | Termios.IEXTEN));
        assertEquals(0, raw.iflag() & (Termios.ICRNL | Termios.IXON));
        assertEquals(
                cooked().oflag(),
                raw.oflag(),
                "output processing stays: \\n still prints as CR LF");
        assertEquals(cooked().cflag(), raw.cflag());
        assertEquals(1, raw.cc()[Termios.VMIN]);
        assertEquals(0, raw.cc()[Termios.VTIME]);
    }

    @Test
    void rejectsAWrongControlCharacterCount() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Termios(0, 0, 0, 0, (byte) 0, new byte[32]));
    }
}
