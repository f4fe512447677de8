package honk.net.http;

import java.net.InetSocketAddress;

/**
 * A listening HTTP server as the service actor sees it, so that the actor never names an Akka HTTP
 * type (those classes load only when the server starts, after the shell prompt).
 */
interface RunningServer {
    InetSocketAddress address();

    /** Stops listening and closes the open connections within a second. Does not block. */
    void stop();
}
