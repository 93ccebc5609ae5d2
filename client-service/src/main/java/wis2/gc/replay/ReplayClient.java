package wis2.gc.replay;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pages through the OGC API - Features items of the Global Replay service for one
 * {@code datetime} interval (filtered there on {@code pubtime}), following {@code rel=next}.
 * Each request waits its turn ({@code requestInterval} since the previous one), has a timeout,
 * and is tried up to {@value #ATTEMPTS} times when the service is unreachable, slow or answers
 * 429 or 5xx; after that, or on any other answer that is not a usable page, the window fails
 * with a {@link ReplayException}.
 */
final class ReplayClient implements AutoCloseable {

    static final String ITEMS_PATH = "/collections/wis2-notification-messages/items";
    static final int ATTEMPTS = 3;
    /** A page of at most 10 000 notifications of at most 1 MiB would be far smaller in practice. */
    static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;
    /** A window that needs more pages than this is not paging forward. */
    static final int MAX_PAGES = 1000;

    /** Like the model's mapper: numbers keep their written form, duplicate keys are refused. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** What one window's pages held. */
    record Page(List<Replayed> notifications, int skipped) {}

    /** Takes each page as it comes, so memory holds one page at a time. */
    @FunctionalInterface
    interface PageHandler {
        void accept(Page page) throws InterruptedException;
    }

    private final URI base;
    private final int pageSize;
    private final Duration requestInterval;
    private final Duration timeout;
    private final HttpClient http;
    private long nextRequestNanos = System.nanoTime();

    ReplayClient(URI base, int pageSize, Duration requestInterval, Duration timeout) {
        this.base = base;
        this.pageSize = pageSize;
        this.requestInterval = requestInterval;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static ReplayClient of(ReplayConfig config) {
        return new ReplayClient(config.url(), config.pageSize(), config.requestInterval(), config.timeout());
    }

    /** The first page's URL for the interval {@code from}/{@code to}. */
    URI firstPage(Instant from, Instant to) {
        return URI.create(base + ITEMS_PATH + "?datetime=" + URLEncoder.encode(from + "/" + to, StandardCharsets.UTF_8)
                + "&limit=" + pageSize);
    }

    /** Fetches every page for {@code from}/{@code to}; returns the number of requests made. */
    int fetch(Instant from, Instant to, PageHandler handler) throws InterruptedException {
        URI next = firstPage(from, to);
        Set<URI> seen = new HashSet<>();
        int pages = 0;
        while (next != null) {
            if (!seen.add(next) || ++pages > MAX_PAGES) {
                throw new ReplayException("the service's next links do not end (page " + pages + ": " + next + ")");
            }
            JsonNode page = get(next);
            handler.accept(features(page));
            next = nextLink(page);
        }
        return pages;
    }

    private JsonNode get(URI url) throws InterruptedException {
        ReplayException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            pace();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Accept", "application/geo+json, application/json").GET().build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readNBytes(MAX_PAGE_BYTES + 1);
                }
                int status = response.statusCode();
                if (status == 429 || status >= 500) {
                    last = new ReplayException("the service answered " + status + " for " + url);
                    continue;
                }
                if (status != 200) {
                    throw new ReplayException("the service answered " + status + " for " + url);
                }
                if (body.length > MAX_PAGE_BYTES) {
                    throw new ReplayException("a page of more than " + MAX_PAGE_BYTES + " bytes from " + url);
                }
                try {
                    return MAPPER.readTree(body);
                } catch (JacksonException e) {
                    throw new ReplayException("the page at " + url + " is not JSON: " + e.getOriginalMessage(), e);
                }
            } catch (IOException e) {
                last = new ReplayException("cannot get " + url + ": " + e, e);
            }
        }
        throw Objects.requireNonNull(last);
    }

    /** Waits until {@code requestInterval} has passed since the previous request. */
    private synchronized void pace() throws InterruptedException {
        long wait = nextRequestNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        nextRequestNanos = System.nanoTime() + requestInterval.toNanos();
    }

    /**
     * The notifications of a page: each feature without the {@code properties.topic} the service
     * added, written back compactly with its fields in their order and its numbers as written.
     * A feature without a topic is skipped (counted): it cannot be matched to a subscription.
     */
    static Page features(JsonNode page) {
        JsonNode features = page.path("features");
        if (!page.isObject() || !features.isArray()) {
            throw new ReplayException("the service's answer is not a FeatureCollection (no features array)");
        }
        List<Replayed> notifications = new ArrayList<>(features.size());
        int skipped = 0;
        for (JsonNode feature : features) {
            JsonNode topic = feature.path("properties").path("topic");
            if (!feature.isObject() || !topic.isString() || topic.stringValue().isEmpty()) {
                skipped++;
                continue;
            }
            ObjectNode copy = (ObjectNode) feature;
            ((ObjectNode) copy.get("properties")).remove("topic");
            notifications.add(new Replayed(topic.stringValue(), MAPPER.writeValueAsBytes(copy)));
        }
        return new Page(notifications, skipped);
    }

    /** The {@code rel=next} link, which must stay on the service's own scheme, host and port. */
    URI nextLink(JsonNode page) {
        for (JsonNode link : page.path("links")) {
            if ("next".equals(link.path("rel").stringValue(null)) && link.path("href").isString()) {
                URI next;
                try {
                    next = base.resolve(link.path("href").stringValue());
                } catch (IllegalArgumentException e) {
                    throw new ReplayException("the next link '" + link.path("href").stringValue() + "' is not a URL");
                }
                if (!Objects.equals(next.getScheme(), base.getScheme()) || !Objects.equals(next.getHost(), base.getHost())
                        || next.getPort() != base.getPort()) {
                    throw new ReplayException("the next link " + next + " leaves the service at " + base);
                }
                return next;
            }
        }
        return null;
    }

    @Override
    public void close() {
        http.close();
    }
}
