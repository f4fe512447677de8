package honk.board.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

class RtNetlinkTest {
    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    private static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @Test
    void linkUpIsANewLinkRequestWithIffUpSetAndChanged() {
        ByteBuffer b = le(RtNetlink.linkUp(7, 2));
        assertEquals(32, b.getInt(0), "16-byte header + 16-byte ifinfomsg");
        assertEquals(RtNetlink.RTM_NEWLINK, b.getShort(4));
        assertEquals(RtNetlink.NLM_F_REQUEST | RtNetlink.NLM_F_ACK, b.getShort(6));
        assertEquals(7, b.getInt(8));
        assertEquals(2, b.getInt(20), "ifi_index");
        assertEquals(1, b.getInt(24), "ifi_flags IFF_UP");
        assertEquals(1, b.getInt(28), "ifi_change IFF_UP");
    }

    @Test
    void addAddressCarriesPrefixIndexAndBothAddressAttributes() throws Exception {
        byte[] m = RtNetlink.addAddress(3, 2, ip("10.0.2.15"), 24);
        ByteBuffer b = le(m);
        assertEquals(40, b.getInt(0));
        assertEquals(RtNetlink.RTM_NEWADDR, b.getShort(4));
        assertEquals(RtNetlink.AF_INET, m[16]);
        assertEquals(24, m[17]);
        assertEquals(2, b.getInt(20));
        assertEquals(8, b.getShort(24), "rtattr length 4 + 4");
        assertEquals(RtNetlink.IFA_LOCAL, b.getShort(26));
        assertArrayEquals(new byte[] {10, 0, 2, 15}, Arrays.copyOfRange(m, 28, 32));
        assertEquals(RtNetlink.IFA_ADDRESS, b.getShort(34));
        assertThrows(
                IllegalArgumentException.class,
                () -> RtNetlink.addAddress(1, 2, ip("10.0.2.15"), 33));
    }

    @Test
    void defaultRouteGoesViaTheGatewayOutOfTheInterface() throws Exception {
        byte[] m = RtNetlink.addDefaultRoute(4, 2, ip("10.0.2.2"));
        ByteBuffer b = le(m);
        assertEquals(44, b.getInt(0));
        assertEquals(RtNetlink.RTM_NEWROUTE, b.getShort(4));
        assertEquals(0, m[17], "dst_len 0: the default route");
        assertEquals(RtNetlink.RT_TABLE_MAIN, m[20]);
        assertEquals(RtNetlink.RTA_GATEWAY, b.getShort(30));
        assertArrayEquals(new byte[] {10, 0, 2, 2}, Arrays.copyOfRange(m, 32, 36));
        assertEquals(RtNetlink.RTA_OIF, b.getShort(38));
        assertEquals(2, b.getInt(40));
    }

    private static byte[] ack(int seq, int error, int length) {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
        b.putInt(length)
                .putShort(RtNetlink.NLMSG_ERROR)
                .putShort((short) 0)
                .putInt(seq)
                .putInt(0)
                .putInt(error);
        return b.array();
    }

    @Test
    void acknowledgementsGiveTheErrnoAndHostileRepliesAreRefused() {
        assertEquals(0, RtNetlink.ackErrno(ack(5, 0, 36), 36, 5));
        assertEquals(17, RtNetlink.ackErrno(ack(5, -17, 36), 36, 5), "EEXIST");
        assertThrows(
                IllegalArgumentException.class,
                () -> RtNetlink.ackErrno(ack(5, 0, 36), 10, 5),
                "short");
        assertThrows(
                IllegalArgumentException.class,
                () -> RtNetlink.ackErrno(ack(5, 0, 9999), 36, 5),
                "length past the end");
        assertThrows(
                IllegalArgumentException.class,
                () -> RtNetlink.ackErrno(ack(6, 0, 36), 36, 5),
                "another request");
        byte[] wrongType = ack(5, 0, 36);
        wrongType[4] = 16;
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> RtNetlink.ackErrno(wrongType, 36, 5));
        assertTrue(e.getMessage().contains("type 16"), e.getMessage());
    }
}
