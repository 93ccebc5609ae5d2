package wis2.gc.listener;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: 200 while the feed makes progress ({@link ListenerMetrics#health}), else
 * 503, with JSON saying why; {@code GET /live}: 200 while the listener's connection thread runs,
 * whether or not the broker is reachable (the container's health check: a Global Broker that
 * is down must not get the task replaced, nor fail a deployment); {@code GET /metrics}
 * (Prometheus text). On the JDK's HTTP server.
 */
final class StatusServer implements AutoCloseable {

    private final HttpServer server;
    private final ListenerMetrics metrics;
    private final String broker;
    private final Duration idle;
    private volatile BooleanSupplier alive = () -> true;

    StatusServer(int port, ListenerMetrics metrics, String broker, Duration idle) {
        this.metrics = metrics;
        this.broker = broker;
        this.idle = idle;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port + " (GC_HTTP_PORT)", e);
        }
        server.createContext("/health", exchange -> answer(exchange, health()));
        server.createContext("/live", exchange -> answer(exchange, alive.getAsBoolean()
                ? new Response(200, "application/json", "{\"status\":\"ALIVE\"}\n")
                : new Response(503, "application/json", "{\"status\":\"DEAD\"}\n")));
        server.createContext("/metrics", exchange -> answer(exchange,
                new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render())));
        server.setExecutor(null); // the server's own thread: two tiny endpoints
        server.start();
    }

    void liveness(BooleanSupplier check) {
        alive = check;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private record Response(int status, String contentType, String body) {}

    private Response health() {
        ListenerMetrics.Health health = metrics.health(idle);
        StringBuilder refused = new StringBuilder("[");
        for (String filter : health.refusedSubscriptions()) {
            refused.append(refused.length() > 1 ? "," : "").append('"').append(filter.replace("\\", "\\\\")
                    .replace("\"", "\\\"")).append('"');
        }
        refused.append(']');
        String body = String.format(Locale.ROOT,
                "{\"status\":\"%s\",\"state\":\"%s\",\"broker\":\"%s\",\"connected\":%s,\"lastMessageAgeSeconds\":%.3f,"
                        + "\"lastForwardAgeSeconds\":%.3f,\"pending\":%d,\"sessionsLost\":%d,\"refusedSubscriptions"
                        + "\":%s}%n",
                health.up() ? "UP" : "DOWN", health.state(), broker, metrics.isConnected(),
                metrics.lastMessageAgeSeconds(), health.lastForwardAgeSeconds(), metrics.pending(),
                metrics.sessionLostCount(), refused);
        return new Response(health.up() ? 200 : 503, "application/json", body);
    }

    private static void answer(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
