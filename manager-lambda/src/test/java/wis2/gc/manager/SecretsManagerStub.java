package wis2.gc.manager;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets Manager on 127.0.0.1, speaking its JSON 1.1 protocol for {@code GetSecretValue}:
 * {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue} and a body
 * {@code {"SecretId": ...}}; unknown ids get the service's {@code ResourceNotFoundException}.
 */
final class SecretsManagerStub implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    final List<String> requested = new CopyOnWriteArrayList<>();

    SecretsManagerStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    SecretsManagerStub put(String arn, String value) {
        secrets.put(arn, value);
        return this;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            ObjectNode request = (ObjectNode) JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)
                    || exchange.getRequestHeaders().getFirst("Authorization") == null) {
                answer(exchange, 400, JSON.createObjectNode().put("__type", "InvalidRequestException")
                        .put("message", "unsupported request " + target));
                return;
            }
            String id = request.path("SecretId").asString();
            requested.add(id);
            String value = secrets.get(id);
            if (value == null) {
                answer(exchange, 400, JSON.createObjectNode().put("__type", "ResourceNotFoundException")
                        .put("message", "Secrets Manager can't find the specified secret."));
                return;
            }
            answer(exchange, 200, JSON.createObjectNode().put("ARN", id)
                    .put("Name", id.substring(id.lastIndexOf(':') + 1))
                    .put("SecretString", value).put("VersionId", "00000000-0000-0000-0000-000000000001")
                    .put("CreatedDate", 1.7e9));
        }
    }

    private static void answer(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
