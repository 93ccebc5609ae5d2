package wis2.gc.manager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import wis2.gc.model.Integrity;
import wis2.gc.model.IntegrityMethod;
import wis2.gc.model.MetricUpdate;
import wis2.gc.model.MetricUpdates;
import wis2.gc.model.MetricsLayout;
import wis2.gc.model.Notification;
import wis2.gc.model.ObjectKey;
import wis2.gc.model.Outcome;
import wis2.gc.model.Republish;
import wis2.gc.model.StreamingDigest;
import wis2.gc.model.Topic;

/**
 * SnapStart priming: runs the CPU-bound half of a record's path (parse and schema validation
 * of a bundled WMO example notification, the object key, the digests of a body, the S3
 * request and its SigV4 signature, the republication, the metric commands, the outcome line)
 * often enough for the JIT to compile it before the snapshot is taken, so a restored
 * environment does not pay for compilation on its first batches.
 *
 * <p>Nothing here touches the network, Redis, S3, the broker or the outcome log: the request
 * is signed with made-up credentials and never sent, the outcome line goes to a null stream.
 */
final class Priming {
    static final String EXAMPLE = "/wis2/gc/manager/priming-notification.json";
    private static final String TOPIC = "origin/a/wis2/xx-priming/data/core/weather/surface-based-observations/synop";
    private static final int BODY_BYTES = 64 * 1024;

    private final ManagerConfig config;
    private final int iterations;
    private final Duration budget;

    /**
     * @param iterations how often the path runs at most
     * @param budget     how long priming may take at most (it stops early rather than delay the snapshot)
     */
    Priming(ManagerConfig config, int iterations, Duration budget) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
        }
        this.config = config;
        this.iterations = iterations;
        this.budget = budget;
    }

    /** Runs the path; returns how many times it ran. */
    int run() {
        byte[] example = example();
        byte[] body = new byte[BODY_BYTES];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        OutcomeLog log = new OutcomeLog(new PrintStream(OutputStream.nullOutputStream()));
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        AwsBasicCredentials credentials = AwsBasicCredentials.create("priming", "priming-not-a-secret");
        long end = System.nanoTime() + budget.toNanos();
        int done = 0;
        while (done < iterations && System.nanoTime() - end < 0) {
            once(example, body, log, signer, credentials);
            done++;
        }
        return done;
    }

    private void once(byte[] example, byte[] body, OutcomeLog log, AwsV4HttpSigner signer,
            AwsBasicCredentials credentials) {
        Topic topic = Topic.parse(TOPIC);
        Notification n = Notification.parse(example);
        ObjectKey key = ObjectKey.of(topic.centreId(), n);
        StreamingDigest digest = StreamingDigest.of(IntegrityMethod.SHA512);
        digest.update(body, 0, body.length);
        Integrity sha512 = Integrity.sha512Of(digest.digest(IntegrityMethod.SHA512));
        PutObjectRequest put = PutObjectRequest.builder().bucket(config.bucket()).key(key.value())
                .contentType(StoredContentType.of(n.sourceLink().orElseThrow().type()))
                .contentLength((long) body.length)
                .metadata(Map.of(S3ObjectStore.SHA512_METADATA, sha512.value())).build();
        signer.sign(r -> r.identity(credentials)
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                        .uri(URI.create("https://priming.invalid/" + put.bucket() + "/" + put.key())).build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        byte[] republished = Republish.cached(n, config.centreId(), key.publicUrl(config.publicBaseUrl()),
                Optional.of(sha512));
        Notification.peek(republished);
        Instant now = Clock.systemUTC().instant();
        for (MetricUpdate u : MetricUpdates.forOutcome(Outcome.CACHED, topic, n, "priming.invalid", config.centreId(),
                now, Duration.ofSeconds(1))) {
            MetricsLayout.commands(u);
        }
        log.record("priming", n.dataId(), n.pubtime().text(), TOPIC, Outcome.CACHED.label(), "downloaded",
                body.length, 1);
    }

    private static byte[] example() {
        try (InputStream in = Priming.class.getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the priming example " + EXAMPLE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the priming example " + EXAMPLE, e);
        }
    }
}
