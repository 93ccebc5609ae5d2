package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import wis2.gc.standins.EmbeddedS3;

/**
 * The local object server answers as CloudFront does in front of S3: 404, HEAD, one byte range
 * (206/416), conditional requests (304) and the edge's Cache-Control; for a small object (served
 * from memory) and a large one (streamed from S3). HEAD works wherever GET does, and a request
 * target that leaves {@code /data/} (sent as is over a socket) is refused.
 */
class LocalHttpServerIT {
    private static final String SMALL = "centre/data/small.bin";
    private static final String LARGE = "centre/data/large.bin";
    private static final byte[] SMALL_BODY = body(1000, 1);
    // above the 8 MB the server keeps in memory
    private static final byte[] LARGE_BODY = body(9 << 20, 2);
    private static final byte[] METRICS_BODY = "wmo_wis2_gc_downloaded_total 1\n".getBytes(StandardCharsets.UTF_8);

    private static Path dir;
    private static EmbeddedS3 s3;
    private static S3Client client;
    private static LocalHttpServer server;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("gc-http-it");
        s3 = EmbeddedS3.start(dir);
        s3.createBucket("cache");
        client = LocalAws.s3(s3.endpoint());
        client.putObject(b -> b.bucket("cache").key(SMALL).contentType("application/x-bufr"),
                RequestBody.fromBytes(SMALL_BODY));
        client.putObject(b -> b.bucket("cache").key(LARGE).contentType("application/x-grib"),
                RequestBody.fromBytes(LARGE_BODY));
        server = LocalHttpServer.start(new InetSocketAddress("127.0.0.1", 0), client, "cache",
                (path, accept) -> new HttpAnswer(200, "text/plain; version=0.0.4", METRICS_BODY), new Health());
        server.route("/replay", "POST", (method, query) -> new HttpAnswer(200, "text/plain", new byte[0]));
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
        s3.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary folder
        }
    }

    @Test
    void missingKey_is404_forGetAndHead() throws Exception {
        assertThat(get("centre/data/nope.bin").statusCode()).isEqualTo(404);
        assertThat(send(request("centre/data/nope.bin").HEAD()).statusCode()).isEqualTo(404);
    }

    @Test
    void head_givesLengthTypeValidatorsAndNoBody() throws Exception {
        var r = send(request(SMALL).HEAD());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue("1000");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-bufr");
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue(LocalHttpServer.CACHE_CONTROL);
    }

    @Test
    void range_isServedAs206WithItsContentRange_fromMemoryAndFromS3() throws Exception {
        for (String key : new String[] {SMALL, LARGE}) {
            byte[] whole = key.equals(SMALL) ? SMALL_BODY : LARGE_BODY;
            var r = send(request(key).header("Range", "bytes=100-199").GET());
            assertThat(r.statusCode()).as(key).isEqualTo(206);
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(whole, 100, 200));
            assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + whole.length);
            assertThat(r.headers().firstValue("Content-Length")).hasValue("100");

            var tail = send(request(key).header("Range", "bytes=-10").GET());
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));
        }
    }

    @Test
    void rangeBeyondTheEnd_is416NamingTheLength() throws Exception {
        var r = send(request(SMALL).header("Range", "bytes=5000-").GET());
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */1000");
    }

    @Test
    void severalRanges_orAStaleIfRange_getTheWholeObject() throws Exception {
        var several = send(request(SMALL).header("Range", "bytes=0-1,5-6").GET());
        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(several.body()).isEqualTo(SMALL_BODY);
        var stale = send(request(SMALL).header("Range", "bytes=0-1").header("If-Range", "\"not-the-etag\"").GET());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(SMALL_BODY);
        String eTag = get(SMALL).headers().firstValue("ETag").orElseThrow();
        var current = send(request(SMALL).header("Range", "bytes=0-1").header("If-Range", eTag).GET());
        assertThat(current.statusCode()).isEqualTo(206);
    }

    @Test
    void conditionalRequests_withTheCurrentValidators_are304WithoutBody() throws Exception {
        for (String key : new String[] {SMALL, LARGE}) {
            var first = get(key);
            String eTag = first.headers().firstValue("ETag").orElseThrow();
            String modified = first.headers().firstValue("Last-Modified").orElseThrow();
            var byTag = send(request(key).header("If-None-Match", eTag).GET());
            assertThat(byTag.statusCode()).as(key).isEqualTo(304);
            assertThat(byTag.body()).isEmpty();
            assertThat(byTag.headers().firstValue("ETag")).hasValue(eTag);
            assertThat(send(request(key).header("If-Modified-Since", modified).GET()).statusCode()).isEqualTo(304);
            var other = send(request(key).header("If-None-Match", "\"another\"").GET());
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(send(request(key).header("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").GET())
                    .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void get_servesTheWholeObjectWithTheEdgesCacheControl() throws Exception {
        var r = get(LARGE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(LARGE_BODY);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue(LocalHttpServer.CACHE_CONTROL);
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    }

    @Test
    void headOfMetrics_answersAsGetWithoutTheBody() throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base() + "/metrics")).HEAD());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4");
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(METRICS_BODY.length));
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/metrics")).GET()).body()).isEqualTo(METRICS_BODY);
    }

    @Test
    void otherMethods_are405_allowingWhatEachRouteTakes() throws Exception {
        for (String path : new String[] {"/metrics", "/health", "/data/" + SMALL}) {
            var r = send(HttpRequest.newBuilder(URI.create(base() + path))
                    .POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD");
        }
        var replay = send(HttpRequest.newBuilder(URI.create(base() + "/replay")).GET());
        assertThat(replay.statusCode()).isEqualTo(405);
        assertThat(replay.headers().firstValue("Allow")).hasValue("POST");
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/replay"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
    }

    @Test
    void pathLeavingData_sentAsIs_is400() throws Exception {
        for (String target : new String[] {"/data/../../etc/passwd", "/data/%2e%2e/%2E%2E/etc/passwd",
                "/data/centre/../../../etc/passwd", "/data/centre/data/./small.bin",
                "/data/centre/data/small.bin/.."}) {
            assertThat(rawStatus("GET", target)).as(target).isEqualTo(400);
            assertThat(rawStatus("HEAD", target)).as(target).isEqualTo(400);
        }
    }

    @Test
    void keyTheCacheCannotHaveWritten_is404_withoutAskingStorage() throws Exception {
        for (String target : new String[] {"/data/", "/data//etc/passwd", "/data/centre/data/small.bin/",
                "/data/centre%20x/data/small.bin", "/data/" + "a".repeat(1100)}) {
            assertThat(rawStatus("GET", target)).as(target).isEqualTo(404);
        }
    }

    /** The status code of one request written byte for byte, so no client normalises its target first. */
    private static int rawStatus(String method, String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            assertThat(status).as(target).startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpRequest.Builder request(String key) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/data/" + key))
                .timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<byte[]> get(String key) throws Exception {
        return send(request(key).GET());
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] body(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
