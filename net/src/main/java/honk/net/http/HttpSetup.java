package honk.net.http;

import honk.actors.kernel.Kernel;
import honk.supervision.ServiceHandle;

/**
 * What the HTTP service and its routes are built from; made once per boot by {@link HttpServices}.
 */
record HttpSetup(
        Kernel kernel,
        HttpSettings settings,
        HttpToken token,
        HttpEndpoint endpoint,
        ServiceHandle<EventCounters.Command> counters) {}
