package honk.actors.kernel;

import honk.supervision.ChildSpec;
import java.util.List;

/**
 * A module's system services, found with {@link java.util.ServiceLoader} and started under the
 * kernel's {@code system} supervisor after the kernel log, console and shell. A provider may
 * register what its shell commands need in {@link Kernel#registry()}. A service that may fail
 * for reasons outside the kernel (a disk) should absorb its own restarts, so that it never
 * exhausts the system supervisor's intensity and panics the kernel.
 */
public interface ServiceProvider {
    List<ChildSpec<?>> services(Kernel kernel);
}
