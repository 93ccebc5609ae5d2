package wis2.gc.standins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A WIS2 Global Replay service stand-in: the OGC API - Features items of
 * {@code /collections/wis2-notification-messages}, answering as the reference implementation
 * does. {@code datetime} (an RFC 3339 instant or interval, {@code ..} for an open end) filters
 * on {@code properties.pubtime}; {@code limit} and {@code offset} page, with a {@code rel=next}
 * link while more remain; each feature is the notification as stored, with the topic it was
 * received on added as {@code properties.topic}. Tests make it answer errors with
 * {@link #failNext}, and count the item requests it served.
 */
public final class EmbeddedReplay implements AutoCloseable {

    /** The collection path of the service. */
    public static final String ITEMS = "/collections/wis2-notification-messages/items";
    private static final int DEFAULT_LIMIT = 10;
    // numbers are handed back as they came (BigDecimal with its scale), as the real service does
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private record Stored(Instant pubtime, ObjectNode feature) {}

    private final HttpServer server;
    private final List<Stored> stored = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 500;

    private EmbeddedReplay(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(StandIns.HOST, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the replay stand-in on port " + port, e);
        }
        server.createContext(ITEMS, this::items);
        server.start();
    }

    /** On a free port of 127.0.0.1. */
    public static EmbeddedReplay start() {
        return new EmbeddedReplay(0);
    }

    /** On {@code port} of 127.0.0.1 (a test may start it late on a port a client was already given). */
    public static EmbeddedReplay start(int port) {
        return new EmbeddedReplay(port);
    }

    /** The service's base URL, {@code http://127.0.0.1:port}. */
    public URI baseUrl() {
        return URI.create("http://" + StandIns.HOST + ":" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stores a notification as received on {@code topic}.
     *
     * @throws IllegalArgumentException when it is not a JSON object with a {@code properties.pubtime}
     */
    public void add(String topic, byte[] notification) {
        JsonNode tree;
        try {
            tree = JSON.readTree(notification);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON notification: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode feature) || !(feature.get("properties") instanceof ObjectNode properties)) {
            throw new IllegalArgumentException("a notification is a JSON object with properties");
        }
        Instant pubtime = instant(properties.path("pubtime").asString(""));
        if (pubtime == null) {
            throw new IllegalArgumentException("the notification has no RFC 3339 properties.pubtime");
        }
        properties.put("topic", topic);
        stored.add(new Stored(pubtime, feature));
    }

    /** Notifications stored. */
    public int size() {
        return stored.size();
    }

    /** The query strings of the item requests answered so far, in order (failed ones too). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The next {@code count} item requests are answered with {@code status} and no features. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    private void items(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(query == null ? "" : query);
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"code\":\"MethodNotAllowed\"}");
                return;
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, failureStatus, "{\"code\":\"ServerError\",\"description\":\"stand-in told to fail\"}");
                return;
            }
            Map<String, String> params = params(query);
            Instant[] interval;
            int limit;
            int offset;
            try {
                interval = interval(params.get("datetime"));
                limit = Integer.parseInt(params.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
                offset = Integer.parseInt(params.getOrDefault("offset", "0"));
                if (limit < 1 || offset < 0) {
                    throw new IllegalArgumentException("limit and offset");
                }
            } catch (IllegalArgumentException e) {
                send(exchange, 400, "{\"code\":\"InvalidParameterValue\",\"description\":\"" + e.getMessage() + "\"}");
                return;
            }
            List<Stored> matching = new ArrayList<>();
            for (Stored s : stored) {
                if ((interval[0] == null || !s.pubtime().isBefore(interval[0]))
                        && (interval[1] == null || !s.pubtime().isAfter(interval[1]))) {
                    matching.add(s);
                }
            }
            matching.sort(Comparator.comparing(Stored::pubtime));
            ObjectNode page = JSON.createObjectNode();
            page.put("type", "FeatureCollection");
            ArrayNode features = page.putArray("features");
            int end = Math.min(matching.size(), offset + limit);
            for (int i = offset; i < end; i++) {
                features.add(matching.get(i).feature().deepCopy());
            }
            page.put("numberMatched", matching.size());
            page.put("numberReturned", features.size());
            ArrayNode links = page.putArray("links");
            links.addObject().put("rel", "self").put("type", "application/geo+json").put("href", url(params, offset));
            if (end < matching.size()) {
                links.addObject().put("rel", "next").put("type", "application/geo+json").put("href", url(params, end));
            }
            send(exchange, 200, JSON.writeValueAsString(page));
        }
    }

    private String url(Map<String, String> params, int offset) {
        Map<String, String> next = new HashMap<>(params);
        next.put("offset", Integer.toString(offset));
        StringBuilder href = new StringBuilder(baseUrl() + ITEMS);
        char separator = '?';
        for (var e : next.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            href.append(separator).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return href.toString();
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    /** {@code [start, end]}, either null for an open end; an instant alone is both. */
    private static Instant[] interval(String datetime) {
        if (datetime == null || datetime.isEmpty()) {
            return new Instant[] {null, null};
        }
        String[] parts = datetime.split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("datetime is an instant or an interval");
        }
        Instant start = parts[0].equals("..") ? null : require(parts[0]);
        Instant end = parts.length == 1 ? start : parts[1].equals("..") ? null : require(parts[1]);
        return new Instant[] {start, end};
    }

    private static Instant require(String text) {
        Instant instant = instant(text);
        if (instant == null) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time");
        }
        return instant;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/geo+json");
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
