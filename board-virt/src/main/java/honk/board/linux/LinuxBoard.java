package honk.board.linux;

import honk.actors.kernel.BoardPort;

/**
 * What both boards read from the Linux kernel under them: the current hart, memory figures and
 * devices.
 */
public abstract class LinuxBoard implements BoardPort {
    @Override
    public int currentHart() {
        return Linux.isAvailable() ? Linux.schedGetcpu() : -1;
    }

    @Override
    public java.util.List<honk.actors.kernel.DeviceInfo> devices() {
        return DeviceScan.scan();
    }

    @Override
    public long ramTotalBytes() {
        return ProcFiles.meminfo("MemTotal");
    }

    @Override
    public long ramAvailableBytes() {
        return ProcFiles.meminfo("MemAvailable");
    }
}
