package wis2.gc.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}, independent of how the request arrived: the Lambda handler feeds it API
 * Gateway events, the one-machine runtime its own HTTP server. Responses never carry anything
 * internal (no stack trace, no host name): the detail goes to the log.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The only path served. */
    public static final String PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String PLAIN = "text/plain; charset=utf-8";

    private final MetricsSource source;
    private final Runnable onClose;

    MetricsEndpoint(MetricsSource source, Runnable onClose) {
        this.source = Objects.requireNonNull(source, "source");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    /**
     * Builds the endpoint and its Redis client (connected on the first scrape).
     *
     * @param redisToken the Redis AUTH token, when Redis asks for one
     */
    public static MetricsEndpoint connect(MetricsConfig config, Optional<String> redisToken) {
        var reader = new RedisHashReader(config.redisUrl(), redisToken, RedisHashReader.DEFAULT_TIMEOUT);
        return new MetricsEndpoint(new RedisMetricsSource(reader), reader::close);
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method, as sent (methods are case-sensitive)
     * @param path   the request path without the query string
     * @param accept the Accept header, or null
     */
    public Response handle(String method, String path, String accept) {
        if (!PATH.equals(path)) {
            return Response.plain(404, "not found");
        }
        if (!"GET".equals(method)) {
            return new Response(405, Map.of("Content-Type", PLAIN, "Allow", "GET"), "method not allowed\n");
        }
        try {
            var format = Exposition.forAccept(accept);
            return new Response(200, Map.of("Content-Type", format.contentType()), format.render(source.scrape()));
        } catch (MetricsUnavailableException e) {
            LOG.warn("metrics scrape failed: " + e.getMessage(), e.getCause());
            return Response.plain(503, "metrics store unavailable");
        } catch (RuntimeException e) {
            LOG.error("metrics scrape failed unexpectedly", e);
            return Response.plain(500, "internal error");
        }
    }

    /** Closes the Redis connection and client. */
    @Override
    public void close() {
        onClose.run();
    }

    /**
     * An HTTP response: status, headers (always {@code Content-Type}), UTF-8 text body.
     */
    public record Response(int status, Map<String, String> headers, String body) {
        public Response {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
            if (!headers.containsKey("Content-Type")) {
                throw new IllegalArgumentException("a response needs a Content-Type");
            }
        }

        /** The {@code Content-Type} header. */
        public String contentType() {
            return headers.get("Content-Type");
        }

        private static Response plain(int status, String line) {
            return new Response(status, Map.of("Content-Type", PLAIN), line + "\n");
        }
    }
}
