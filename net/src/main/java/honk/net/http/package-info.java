/**
 * Remote inspection over HTTP: a supervised system service ({@link honk.net.http.HttpService}) that
 * serves a JSON API, Server-Sent Events, Prometheus metrics and a dashboard page with Akka HTTP
 * 10.2 and Jackson, answering every request from the live actor system. Only {@code AkkaHttpServer}
 * and the route classes touch Akka HTTP; they load after the shell prompt. Pure Java; runs on the
 * host board (loopback) and, once its network is up, on the virt board.
 */
package honk.net.http;
