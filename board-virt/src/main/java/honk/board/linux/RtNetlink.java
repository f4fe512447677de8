package honk.board.linux;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The rtnetlink requests honk sends to configure its network (linux/netlink.h, linux/rtnetlink.h,
 * linux/if_addr.h): set a link up, add an IPv4 address, add an IPv4 route; and the reading of the
 * kernel's acknowledgement. Encoding only, in host byte order (little-endian on riscv64 and
 * x86-64); {@link Netlink} sends them. Pure Java.
 */
public final class RtNetlink {
    static final int NLMSG_HDRLEN = 16;
    static final short NLMSG_ERROR = 2;
    static final short RTM_NEWLINK = 16;
    static final short RTM_NEWADDR = 20;
    static final short RTM_NEWROUTE = 24;
    static final short NLM_F_REQUEST = 0x1;
    static final short NLM_F_ACK = 0x4;
    static final short NLM_F_EXCL = 0x200;
    static final short NLM_F_CREATE = 0x400;
    static final byte AF_UNSPEC = 0;
    static final byte AF_INET = 2;
    static final int IFF_UP = 0x1;
    static final short IFA_ADDRESS = 1;
    static final short IFA_LOCAL = 2;
    static final short RTA_OIF = 4;
    static final short RTA_GATEWAY = 5;
    static final byte RT_TABLE_MAIN = (byte) 254;
    static final byte RTPROT_BOOT = 3;
    static final byte RT_SCOPE_UNIVERSE = 0;
    static final byte RTN_UNICAST = 1;

    private RtNetlink() {}

    /** RTM_NEWLINK with IFF_UP set and changed: brings interface {@code index} up. */
    public static byte[] linkUp(int seq, int index) {
        ByteBuffer b = message(RTM_NEWLINK, (short) (NLM_F_REQUEST | NLM_F_ACK), seq, 16);
        b.put(AF_UNSPEC)
                .put((byte) 0)
                .putShort((short) 0)
                .putInt(index)
                .putInt(IFF_UP)
                .putInt(IFF_UP);
        return finish(b);
    }

    /**
     * RTM_NEWADDR: {@code address}/{@code prefix} on interface {@code index} (fails with EEXIST if
     * present).
     */
    public static byte[] addAddress(int seq, int index, Inet4Address address, int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("an IPv4 prefix is 0 to 32, not " + prefix);
        }
        ByteBuffer b =
                message(
                        RTM_NEWADDR,
                        (short) (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL),
                        seq,
                        8 + 16);
        b.put(AF_INET).put((byte) prefix).put((byte) 0).put(RT_SCOPE_UNIVERSE).putInt(index);
        attribute(b, IFA_LOCAL, address.getAddress());
        attribute(b, IFA_ADDRESS, address.getAddress());
        return finish(b);
    }

    /** RTM_NEWROUTE: the default IPv4 route via {@code gateway} out of interface {@code index}. */
    public static byte[] addDefaultRoute(int seq, int index, Inet4Address gateway) {
        ByteBuffer b =
                message(
                        RTM_NEWROUTE,
                        (short) (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL),
                        seq,
                        12 + 16);
        b.put(AF_INET)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0) // family, dst_len, src_len, tos
                .put(RT_TABLE_MAIN)
                .put(RTPROT_BOOT)
                .put(RT_SCOPE_UNIVERSE)
                .put(RTN_UNICAST)
                .putInt(0);
        attribute(b, RTA_GATEWAY, gateway.getAddress());
        attribute(
                b,
                RTA_OIF,
                ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(index).array());
        return finish(b);
    }

    /**
     * The errno of the kernel's acknowledgement of request {@code seq} in {@code reply}: 0 for
     * success. A reply that is short, of another type or for another request is refused.
     */
    public static int ackErrno(byte[] reply, int length, int seq) {
        ByteBuffer b = ByteBuffer.wrap(reply, 0, length).order(ByteOrder.nativeOrder());
        if (length < NLMSG_HDRLEN + 4) {
            throw new IllegalArgumentException(
                    "netlink reply of " + length + " bytes is too short for an acknowledgement");
        }
        int messageLength = b.getInt(0);
        short type = b.getShort(4);
        int replySeq = b.getInt(8);
        if (messageLength > length || messageLength < NLMSG_HDRLEN + 4) {
            throw new IllegalArgumentException(
                    "netlink reply claims " + messageLength + " bytes but " + length + " arrived");
        }
        if (type != NLMSG_ERROR) {
            throw new IllegalArgumentException(
                    "netlink reply of type " + type + " where an acknowledgement was expected");
        }
        if (replySeq != seq) {
            throw new IllegalArgumentException(
                    "netlink acknowledgement for request " + replySeq + ", not " + seq);
        }
        return -b.getInt(NLMSG_HDRLEN); // the kernel sends -errno
    }

    private static ByteBuffer message(short type, short flags, int seq, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(NLMSG_HDRLEN + bodyBytes).order(ByteOrder.nativeOrder());
        b.putInt(0).putShort(type).putShort(flags).putInt(seq).putInt(0); // length is set by finish
        return b;
    }

    /**
     * An rtattr: length, type, data padded to 4 bytes (every attribute here is 4 bytes of data).
     */
    private static void attribute(ByteBuffer b, short type, byte[] data) {
        b.putShort((short) (4 + data.length)).putShort(type).put(data);
    }

    private static byte[] finish(ByteBuffer b) {
        b.putInt(0, b.position());
        return b.array();
    }
}
