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
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

    /** Reads pages (the notifications themselves are cut out of the bytes, never re-written); duplicate keys are
     * refused. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
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
            byte[] body = get(next);
            JsonNode page = parse(body, next);
            handler.accept(features(body, page));
            next = nextLink(page);
        }
        return pages;
    }

    private static JsonNode parse(byte[] body, URI url) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ReplayException("the page at " + url + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private byte[] get(URI url) throws InterruptedException {
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
                return body;
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
     * The notifications of a page: each feature's bytes exactly as the service wrote them, less
     * the {@code properties.topic} member it added (and the comma that went with it), so the
     * manager sees the notification as stored; nothing is re-serialised. A feature without a
     * string topic is skipped (counted): it cannot be matched to a subscription.
     */
    static Page features(byte[] body, JsonNode page) {
        if (!page.isObject() || !page.path("features").isArray()) {
            throw new ReplayException("the service's answer is not a FeatureCollection (no features array)");
        }
        List<Replayed> notifications = new ArrayList<>();
        int skipped = 0;
        try (JsonParser p = MAPPER.createParser(body)) {
            p.nextToken(); // the collection
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean features = p.currentName().equals("features");
                p.nextToken();
                if (!features) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Replayed one = feature(body, p);
                    if (one == null) {
                        skipped++;
                    } else {
                        notifications.add(one);
                    }
                }
            }
        } catch (JacksonException e) {
            throw new ReplayException("the page is not JSON: " + e.getOriginalMessage(), e);
        }
        return new Page(notifications, skipped);
    }

    /** One feature, the parser on its first token; leaves the parser on its last. Null when it has no topic. */
    private static Replayed feature(byte[] body, JsonParser p) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        int topicAt = -1;
        String topic = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            boolean properties = p.currentName().equals("properties");
            if (p.nextToken() != JsonToken.START_OBJECT || !properties) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                int nameAt = (int) p.currentTokenLocation().getByteOffset();
                boolean isTopic = p.currentName().equals("topic");
                if (p.nextToken() == JsonToken.VALUE_STRING && isTopic) {
                    topic = p.getString();
                    topicAt = nameAt;
                } else {
                    p.skipChildren();
                }
            }
        }
        int end = (int) p.currentTokenLocation().getByteOffset() + 1; // past the feature's closing brace
        if (topic == null || topic.isEmpty()) {
            return null;
        }
        return new Replayed(topic, withoutMember(body, start, end, topicAt));
    }

    /** {@code body[start, end)} without the member whose name starts at {@code at}, and its comma. */
    static byte[] withoutMember(byte[] body, int start, int end, int at) {
        int valueEnd = skipString(body, skipSpace(body, skipSpace(body, skipString(body, at)) + 1)); // name, ':', value
        int before = at - 1;
        while (isSpace(body[before])) {
            before--;
        }
        int cutFrom;
        int cutTo;
        if (body[before] == ',') { // not the first member: take the comma before it
            cutFrom = before;
            cutTo = valueEnd;
        } else { // the first member: take the comma after it, if another member follows
            cutFrom = at;
            int after = skipSpace(body, valueEnd);
            cutTo = body[after] == ',' ? skipSpace(body, after + 1) : valueEnd;
        }
        byte[] out = new byte[(cutFrom - start) + (end - cutTo)];
        System.arraycopy(body, start, out, 0, cutFrom - start);
        System.arraycopy(body, cutTo, out, cutFrom - start, end - cutTo);
        return out;
    }

    /** The index after the JSON string that starts (with its quote) at {@code i}. */
    private static int skipString(byte[] b, int i) {
        for (i++; b[i] != '"'; i++) {
            if (b[i] == '\\') {
                i++;
            }
        }
        return i + 1;
    }

    private static int skipSpace(byte[] b, int i) {
        while (isSpace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
                if (!Objects.equals(next.getScheme(), base.getScheme())
                        || !Objects.equals(next.getHost(), base.getHost())
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
