package wis2.gc.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import wis2.gc.model.ObjectKey;

/**
 * The one HTTP server of the local cache: what CloudFront does for the cached objects
 * ({@code /data/{key}} streamed from S3) and what API Gateway does for {@code /metrics}, plus
 * {@code /health}. One virtual thread per exchange, so a thousand slow downloads cost little.
 * Objects are answered as CloudFront answers them in AWS: 404 for a missing key, HEAD, a single
 * byte range (206, or 416 beyond the end), 304 to If-None-Match and If-Modified-Since, and the
 * same Cache-Control. HEAD is answered wherever GET is, and a path that leaves {@code /data/}
 * (a {@code .} or {@code ..} segment, percent-encoded or not) is refused with 400 before any
 * storage sees it.
 */
final class LocalHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpServer.class);
    private static final String DATA = "/data/";
    private static final String GET_OR_HEAD = "GET, HEAD";
    /** Large enough to queue a thousand simultaneous connections without refusing any. */
    private static final int BACKLOG = 4096;
    private static final int CHUNK = 64 * 1024;
    /** CloudFront's answers carry the same (infra ObjectStore.cacheControl(): the 5 minute edge TTL). */
    static final String CACHE_CONTROL = "public, max-age=300";

    /**
     * The metrics route: path and Accept header of a GET in, a complete answer out. The server
     * answers other methods itself, and a HEAD with the GET's status and headers.
     */
    @FunctionalInterface
    interface MetricsRoute {
        HttpAnswer answer(String path, String accept);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final S3Client s3;
    private final String bucket;
    private final HotObjects hot = new HotObjects(8L << 20, 256L << 20);

    private LocalHttpServer(HttpServer server, S3Client s3, String bucket, MetricsRoute metrics, Health health) {
        this.server = server;
        this.s3 = s3;
        this.bucket = bucket;
        server.setExecutor(executor);
        server.createContext(DATA, this::data);
        server.createContext("/metrics", ex -> small(ex, getOrHead(ex)
                ? metrics.answer(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Accept"))
                : notAllowed(ex, GET_OR_HEAD)));
        server.createContext("/health", ex -> small(ex, getOrHead(ex) ? health.answer() : notAllowed(ex, GET_OR_HEAD)));
        server.createContext("/", ex -> small(ex, notFound()));
    }

    /** Binds {@code address} (port 0 for a free one) and starts serving. */
    static LocalHttpServer start(InetSocketAddress address, S3Client s3, String bucket, MetricsRoute metrics,
            Health health)
            throws IOException {
        LocalHttpServer s = new LocalHttpServer(HttpServer.create(address, BACKLOG), s3, bucket, metrics, health);
        s.server.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A small extra route: method and raw query string in, a complete answer out. */
    @FunctionalInterface
    interface SmallRoute {
        HttpAnswer answer(String method, String query);
    }

    /**
     * Serves {@code path} with {@code route} for the one {@code method} it takes (the local cache's
     * {@code POST /replay}, asked by {@code ./gc replay}); any other method is answered 405.
     */
    void route(String path, String method, SmallRoute route) {
        server.createContext(path, ex -> small(ex, ex.getRequestMethod().equals(method)
                ? route.answer(ex.getRequestMethod(), ex.getRequestURI().getRawQuery())
                : notAllowed(ex, method)));
    }

    private void data(HttpExchange ex) throws IOException {
        try (ex) {
            if (!getOrHead(ex)) {
                send(ex, notAllowed(ex, GET_OR_HEAD));
                return;
            }
            // getPath() undoes the percent-encoding of the public URL, giving back the object key;
            // the server hands the request target on as sent, dot segments included
            String key = ex.getRequestURI().getPath().substring(DATA.length());
            if (hasDotSegment(key)) {
                send(ex, new HttpAnswer(400, "text/plain",
                        "the path leaves /data/\n".getBytes(StandardCharsets.UTF_8)));
                return;
            }
            if (!storable(key)) {
                // the manager writes ObjectKeys only: nothing else can be there, and storage is not asked
                send(ex, notFound());
                return;
            }
            try {
                HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
                long total = head.contentLength() == null ? 0 : head.contentLength();
                if (notModified(ex, head.eTag(), head.lastModified())) {
                    validators(ex, head.eTag(), head.lastModified());
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                ByteRange.Request asked = ifRangeHolds(ex, head.eTag(), head.lastModified())
                        ? ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), total) : new ByteRange.Whole();
                if (asked instanceof ByteRange.Unsatisfiable) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + total);
                    validators(ex, head.eTag(), head.lastModified());
                    send(ex, new HttpAnswer(416, "text/plain",
                            "range not satisfiable\n".getBytes(StandardCharsets.UTF_8)));
                } else if (asked instanceof ByteRange.Part part) {
                    partial(ex, key, head, part.range(), total);
                } else if (ex.getRequestMethod().equals("HEAD")) {
                    objectHeaders(ex, head.contentType(), head.contentLength(), head.eTag());
                    validators(ex, head.eTag(), head.lastModified());
                    ex.sendResponseHeaders(200, -1);
                } else if (head.contentLength() != null && hot.fits(head.contentLength())) {
                    HotObjects.Entry e = hot.get(key, head.eTag(), () -> read(key));
                    objectHeaders(ex, e.contentType(), (long) e.body().length, e.eTag());
                    validators(ex, e.eTag(), head.lastModified());
                    ex.sendResponseHeaders(200, e.body().length == 0 ? -1 : e.body().length);
                    try (OutputStream out = ex.getResponseBody()) {
                        // in slices: the socket write copies each slice to a temporary direct buffer
                        // per thread, and a thousand 2 MB ones would exhaust direct memory
                        write(out, e.body(), 0, e.body().length);
                    }
                } else {
                    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
                        GetObjectResponse meta = in.response();
                        objectHeaders(ex, meta.contentType(), meta.contentLength(), meta.eTag());
                        validators(ex, meta.eTag(), meta.lastModified());
                        ex.sendResponseHeaders(200, meta.contentLength() == 0 ? -1 : meta.contentLength());
                        try (OutputStream out = ex.getResponseBody()) {
                            copy(in, out);
                        }
                    }
                }
            } catch (NoSuchKeyException e) {
                send(ex, notFound());
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    send(ex, notFound());
                } else {
                    LOG.warn("object {} could not be read from S3: {}", key, e.toString());
                    send(ex, new HttpAnswer(502, "text/plain", "storage error\n".getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                // the client went away mid-download; nothing to answer
                LOG.debug("download of {} interrupted: {}", key, e.toString());
            } catch (RuntimeException e) {
                LOG.warn("object {} could not be served: {}", key, e.toString());
                send(ex, new HttpAnswer(503, "text/plain", "storage unavailable\n".getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** 206 with one part of the object: from memory when it is small, else a ranged read from S3. */
    private void partial(HttpExchange ex, String key, HeadObjectResponse head, ByteRange range,
            long total) throws IOException {
        objectHeaders(ex, head.contentType(), range.length(), head.eTag());
        ex.getResponseHeaders().set("Content-Range", range.contentRange(total));
        validators(ex, head.eTag(), head.lastModified());
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(206, -1);
        } else if (hot.fits(total)) {
            HotObjects.Entry e = hot.get(key, head.eTag(), () -> read(key));
            ex.sendResponseHeaders(206, range.length());
            try (OutputStream out = ex.getResponseBody()) {
                write(out, e.body(), (int) range.first(), (int) range.length());
            }
        } else {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key)
                    .range("bytes=" + range.first() + "-" + range.last()))) {
                ex.sendResponseHeaders(206, range.length());
                try (OutputStream out = ex.getResponseBody()) {
                    copy(in, out);
                }
            }
        }
    }

    /**
     * What CloudFront adds to every object it serves: the validators for conditional requests,
     * that ranges are served, and its Cache-Control (infra ObjectStore: the edge TTL).
     */
    private static void validators(HttpExchange ex, String eTag, Instant lastModified) {
        var h = ex.getResponseHeaders();
        if (eTag != null) {
            h.set("ETag", eTag);
        }
        if (lastModified != null) {
            h.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.atOffset(ZoneOffset.UTC)));
        }
        h.set("Accept-Ranges", "bytes");
        h.set("Cache-Control", CACHE_CONTROL);
    }

    /** If-None-Match (any listed ETag, weakly compared, or *) first; else If-Modified-Since. */
    private static boolean notModified(HttpExchange ex, String eTag, Instant lastModified) {
        String noneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        if (noneMatch != null) {
            if (noneMatch.strip().equals("*")) {
                return true;
            }
            for (String tag : noneMatch.split(",")) {
                if (eTag != null && opaque(tag).equals(opaque(eTag))) {
                    return true;
                }
            }
            return false;
        }
        Instant since = httpDate(ex.getRequestHeaders().getFirst("If-Modified-Since"));
        return since != null && lastModified != null && !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    }

    /** A Range applies when there is no If-Range, or it names the current ETag (strongly) or Last-Modified. */
    private static boolean ifRangeHolds(HttpExchange ex, String eTag, Instant lastModified) {
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return eTag != null && !v.startsWith("W/") && v.equals(eTag);
        }
        Instant date = httpDate(v);
        return date != null && lastModified != null && lastModified.truncatedTo(ChronoUnit.SECONDS).equals(date);
    }

    private static String opaque(String tag) {
        String t = tag.strip();
        return t.startsWith("W/") ? t.substring(2) : t;
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null; // a malformed date is ignored, as RFC 9110 asks
        }
    }

    private static void write(OutputStream out, byte[] body, int offset, int length) throws IOException {
        for (int off = offset; off < offset + length; off += CHUNK) {
            out.write(body, off, Math.min(CHUNK, offset + length - off));
        }
    }

    private HotObjects.Entry read(String key) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            return new HotObjects.Entry(in.response().eTag(), in.response().contentType(), in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read object " + key, e);
        }
    }

    private static void objectHeaders(HttpExchange ex, String contentType, Long length, String eTag) {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", contentType == null ? "application/octet-stream" : contentType);
        // a browser must not guess a type other than the stored one (CloudFront sends the same)
        h.set("X-Content-Type-Options", "nosniff");
        // for HEAD the server sends no length of its own, so it is set here for both methods
        h.set("Content-Length", Long.toString(length == null ? 0 : length));
        if (eTag != null) {
            h.set("ETag", eTag);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    private static boolean hasDotSegment(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean storable(String key) {
        try {
            new ObjectKey(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean getOrHead(HttpExchange ex) {
        return ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD");
    }

    private static HttpAnswer notFound() {
        return new HttpAnswer(404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
    }

    /** 405 with the methods the route takes in {@code Allow}, as RFC 9110 asks. */
    private static HttpAnswer notAllowed(HttpExchange ex, String allow) {
        ex.getResponseHeaders().set("Allow", allow);
        return new HttpAnswer(405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void small(HttpExchange ex, HttpAnswer answer) throws IOException {
        try (ex) {
            send(ex, answer);
        }
    }

    private static void send(HttpExchange ex, HttpAnswer answer) throws IOException {
        ex.getResponseHeaders().set("Content-Type", answer.contentType());
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(answer.body().length));
        }
        ex.sendResponseHeaders(answer.status(), head || answer.body().length == 0 ? -1 : answer.body().length);
        if (!head && answer.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
