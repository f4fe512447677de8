package honk.net.http;

/**
 * A request the API refuses, with the HTTP status and a message that names the problem and what to
 * send instead. Thrown by handlers and turned into {@code {"error": message}} by {@link
 * ErrorResponses}; it carries no stack trace, since it is an answer, not a fault.
 */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }
}
