package wis2.gc.listener;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code GET /health} (200 while connected to the broker, else 503; JSON with the age of the
 * last message) and {@code GET /metrics} (Prometheus text) on the JDK's HTTP server.
 */
final class StatusServer implements AutoCloseable {

    private final HttpServer server;
    private final ListenerMetrics metrics;
    private final String broker;

    StatusServer(int port, ListenerMetrics metrics, String broker) {
        this.metrics = metrics;
        this.broker = broker;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port + " (GC_HTTP_PORT)", e);
        }
        server.createContext("/health", exchange -> answer(exchange, health()));
        server.createContext("/metrics", exchange -> answer(exchange,
                new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render())));
        server.setExecutor(null); // the server's own thread: two tiny endpoints
        server.start();
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
        boolean connected = metrics.isConnected();
        String body = String.format(Locale.ROOT,
                "{\"status\":\"%s\",\"broker\":\"%s\",\"connected\":%s,\"lastMessageAgeSeconds\":%.3f}%n",
                connected ? "UP" : "DOWN", broker, connected, metrics.lastMessageAgeSeconds());
        return new Response(connected ? 200 : 503, "application/json", body);
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
