package honk.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import honk.net.http.HttpSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --http-port}: where each board serves the HTTP inspection API, and what is refused. */
@Timeout(10)
class MainHttpOptionTest {
    @Test
    void theHostBoardServesOnLoopbackPort8080UnlessTold() {
        assertEquals(new HttpSettings("127.0.0.1", 8080, ""), Main.httpSettings("host", null));
        assertEquals(new HttpSettings("127.0.0.1", 9090, ""), Main.httpSettings("host", "9090"));
        assertNull(Main.httpSettings("host", "off"));
    }

    @Test
    void theVirtBoardServesOnlyWhenAPortIsGiven() {
        assertNull(Main.httpSettings("virt", null));
        assertEquals(new HttpSettings("0.0.0.0", 80, ""), Main.httpSettings("virt", "80"));
    }

    @Test
    void aPortOutsideOneTo65535IsRefusedWithTheRange() {
        for (String bad : new String[] {"0", "65536", "http", "-1", ""}) {
            var e =
                    assertThrows(
                            IllegalArgumentException.class, () -> Main.httpSettings("host", bad));
            assertEquals("--http-port takes 1..65535 or off, got '" + bad + "'", e.getMessage());
        }
    }
}
