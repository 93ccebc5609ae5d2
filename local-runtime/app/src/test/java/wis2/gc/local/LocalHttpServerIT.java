package wis2.gc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * from memory) and a large one (streamed from S3).
 */
class LocalHttpServerIT {
    private static final String SMALL = "centre/data/small.bin";
    private static final String LARGE = "centre/data/large.bin";
    private static final byte[] SMALL_BODY = body(1000, 1);
    // above the 8 MB the server keeps in memory
    private static final byte[] LARGE_BODY = body(9 << 20, 2);

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
        client.putObject(b -> b.bucket("cache").key(SMALL).contentType("application/x-bufr"), RequestBody.fromBytes(SMALL_BODY));
        client.putObject(b -> b.bucket("cache").key(LARGE).contentType("application/x-grib"), RequestBody.fromBytes(LARGE_BODY));
        server = LocalHttpServer.start(new InetSocketAddress("127.0.0.1", 0), client, "cache",
                (method, path, accept) -> new HttpAnswer(200, "text/plain", new byte[0]), new Health());
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
            assertThat(send(request(key).header("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").GET()).statusCode())
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
