package honk.board.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;

/**
 * A NETLINK_ROUTE socket that sends {@link RtNetlink} requests one at a time and waits for each
 * acknowledgement; a refused request becomes a {@link NativeIoException} with the kernel's errno.
 * Needs CAP_NET_ADMIN (honk is PID 1 under QEMU). board-virt only; needs Linux.
 */
public final class Netlink implements AutoCloseable {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    private static final int REPLY_BYTES = 8192;

    private final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(REPLY_BYTES);
    private int seq;

    public Netlink() {
        fd = Linux.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    }

    public void linkUp(String name, int index) {
        request("link " + name + " up", RtNetlink.linkUp(++seq, index));
    }

    public void addAddress(String name, int index, Inet4Address address, int prefix) {
        request(
                "address " + address.getHostAddress() + "/" + prefix + " on " + name,
                RtNetlink.addAddress(++seq, index, address, prefix));
    }

    public void addDefaultRoute(String name, int index, Inet4Address gateway) {
        request(
                "default route via " + gateway.getHostAddress() + " on " + name,
                RtNetlink.addDefaultRoute(++seq, index, gateway));
    }

    private void request(String what, byte[] message) {
        MemorySegment.copy(message, 0, buffer, ValueLayout.JAVA_BYTE, 0, message.length);
        Linux.send(fd, buffer, message.length);
        long n = Linux.recv(fd, buffer, REPLY_BYTES);
        byte[] reply = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        int errno = RtNetlink.ackErrno(reply, reply.length, seq);
        if (errno != 0) {
            throw new NativeIoException("netlink: " + what, errno, Linux.strerror(errno));
        }
    }

    @Override
    public void close() {
        Linux.close(fd);
        arena.close();
    }
}
