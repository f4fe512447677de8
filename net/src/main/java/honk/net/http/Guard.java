package honk.net.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.optionalHeaderValueByName;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.Route;

import java.util.function.Supplier;

/**
 * The check in front of every mutating endpoint: {@code Authorization: Bearer TOKEN}. No header (or
 * another scheme) is 401 with a challenge, a wrong token 403. Read-only endpoints are open.
 */
final class Guard {
    private Guard() {}

    static Route authorized(HttpToken token, Supplier<Route> inner) {
        return optionalHeaderValueByName(
                "Authorization",
                header ->
                        switch (token.check(header)) {
                            case OK -> inner.get();
                            case MISSING ->
                                    complete(
                                            Json.error(
                                                            StatusCodes.UNAUTHORIZED,
                                                            "this request needs the header"
                                                                + " 'Authorization: Bearer TOKEN';"
                                                                + " honk printed the token on its"
                                                                + " console at boot ('http: token"
                                                                + " ...')")
                                                    .addHeader(
                                                            WWWAuthenticate.create(
                                                                    HttpChallenge.create(
                                                                            "Bearer", "honk"))));
                            case WRONG ->
                                    complete(
                                            Json.error(
                                                    StatusCodes.FORBIDDEN,
                                                    "the bearer token is wrong"));
                        });
    }
}
