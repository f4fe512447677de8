package honk.net.http;

import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.getFromResource;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathSingleSlash;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.server.Route;

/**
 * The dashboard: a page and its script, served as they are from the jar's resources (no build
 * step).
 */
final class WebRoutes {
    private static final String DIR = "honk/net/http/web/";

    private WebRoutes() {}

    static Route route() {
        return concat(
                pathSingleSlash(
                        () -> getFromResource(DIR + "index.html", ContentTypes.TEXT_HTML_UTF8)),
                path(
                        "dashboard.js",
                        () ->
                                getFromResource(
                                        DIR + "dashboard.js",
                                        MediaTypes.APPLICATION_JAVASCRIPT.toContentType(
                                                HttpCharsets.UTF_8))));
    }
}
