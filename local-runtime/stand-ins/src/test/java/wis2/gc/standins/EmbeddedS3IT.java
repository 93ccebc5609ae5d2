package wis2.gc.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3IT {

    @TempDir
    static Path dir;
    private static EmbeddedS3 s3;
    private static S3Client client;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start(dir);
        s3.createBucket("cache");
        // HttpURLConnection keeps one JVM-wide pool of idle connections, shared with the other clients
        // here; a streamed part body written on one the server has just closed cannot be replayed by
        // HttpURLConnection itself, so this client retries as the manager's S3 client does
        client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(StandIns.awsCredentials())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.close();
    }

    /** A client that fails on the first error, for the tests that expect one. */
    private static S3Client client(EmbeddedS3 s3, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(StandIns.REGION)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void putObject_storesAFileAndServesItWholeOrByRange() throws Exception {
        byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
        client.putObject(r -> r.bucket("cache").key("centre/2026/a b+c.bufr4").contentType("application/bufr"),
                RequestBody.fromBytes(body));

        var object = client.getObjectAsBytes(r -> r.bucket("cache").key("centre/2026/a b+c.bufr4"));
        var range = client.getObjectAsBytes(r -> r.bucket("cache").key("centre/2026/a b+c.bufr4").range("bytes=2-5"));
        List<S3Object> listed = client.listObjectsV2(r -> r.bucket("cache").prefix("centre/")).contents();

        assertThat(object.asByteArray()).isEqualTo(body);
        assertThat(object.response().contentType()).isEqualTo("application/bufr");
        assertThat(range.asUtf8String()).isEqualTo("2345");
        assertThat(range.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(listed).extracting(S3Object::key).containsExactly("centre/2026/a b+c.bufr4");
        assertThat(Files.readAllBytes(dir.resolve("cache/centre/2026/a b+c.bufr4"))).isEqualTo(body);

        client.deleteObject(r -> r.bucket("cache").key("centre/2026/a b+c.bufr4"));
        assertThatThrownBy(() -> client.headObject(r -> r.bucket("cache").key("centre/2026/a b+c.bufr4")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void multipartUpload_assemblesThePartsInOrder() {
        byte[] first = new byte[5 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        byte[] second = "tail".getBytes(StandardCharsets.US_ASCII);
        String uploadId = client.createMultipartUpload(r -> r.bucket("cache").key("big.bin")).uploadId();

        String etag1 = client.uploadPart(r -> r.bucket("cache").key("big.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String etag2 = client.uploadPart(r -> r.bucket("cache").key("big.bin").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(second)).eTag();
        client.completeMultipartUpload(r -> r.bucket("cache").key("big.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build())));

        var head = client.headObject(r -> r.bucket("cache").key("big.bin"));
        var tail = client.getObjectAsBytes(r -> r.bucket("cache").key("big.bin").range("bytes=-5"));
        assertThat(head.contentLength()).isEqualTo(first.length + second.length);
        assertThat(tail.asUtf8String()).isEqualTo("atail");
    }

    @Test
    void requests_signedWithOtherCredentialsAreRefused() {
        var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create(StandIns.ACCESS_KEY_ID, "wrong"));
        try (S3Client intruder = client(s3, wrong)) {
            // a request without a body: S3Proxy answers 403 before reading one, which races a PUT's upload
            assertThatThrownBy(() -> intruder.listObjectsV2(r -> r.bucket("cache")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void restart_servesTheSameObjectsOnTheSamePort(@TempDir Path other) {
        try (EmbeddedS3 own = EmbeddedS3.start(other); S3Client ownClient = client(own, StandIns.awsCredentials())) {
            own.createBucket("kept");
            ownClient.putObject(r -> r.bucket("kept").key("k"), RequestBody.fromString("v"));
            int port = own.port();

            own.stop();
            assertThat(own.isRunning()).isFalse();
            assertThatThrownBy(() -> ownClient.getObjectAsBytes(r -> r.bucket("kept").key("k")))
                    .isInstanceOf(SdkClientException.class);

            own.restart();
            assertThat(own.port()).isEqualTo(port);
            assertThat(ownClient.getObjectAsBytes(r -> r.bucket("kept").key("k")).asUtf8String()).isEqualTo("v");
        }
    }

    @Test
    void createBucket_refusesNamesS3WouldRefuse() {
        assertThatThrownBy(() -> s3.createBucket("Upper_Case"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upper_Case");
        assertThatThrownBy(() -> s3.createBucket("../escape"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../escape");
    }
}
