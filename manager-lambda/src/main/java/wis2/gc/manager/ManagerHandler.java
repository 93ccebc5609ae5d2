package wis2.gc.manager;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The manager Lambda: takes a batch of SQS FIFO records (one notification each) and answers
 * with the ids of the records that must be retried (partial batch response).
 *
 * <p>Clients are built once per execution environment and kept across invocations; they
 * reconnect lazily on first use after a failure, which also covers a SnapStart restore. The
 * no-argument constructor is the Lambda's: configuration from the {@code GC_*} environment
 * variables ({@link ManagerConfig}), secrets from Secrets Manager ({@link ManagerSecrets}),
 * region and credentials from the Lambda environment. The one-machine runtime and the tests
 * use {@link #ManagerHandler(ManagerConfig, S3Client, ManagerSecrets)}.
 */
public final class ManagerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private final BatchRunner batches;
    private final List<AutoCloseable> owned;

    /** The Lambda runtime's constructor. */
    public ManagerHandler() {
        this(ManagerConfig.fromEnvironment(System.getenv()), System.getenv());
    }

    private ManagerHandler(ManagerConfig config, Map<String, String> env) {
        this(config, s3(config, region(env)), secrets(config, region(env)));
    }

    /**
     * Builds a manager on an existing S3 client (not closed by {@link #close()}); Redis and broker
     * connections are opened on first use.
     */
    public ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets) {
        this(config, s3, secrets, System.out);
    }

    /** As the public constructor, with the outcome log written to {@code log} (tests read it). */
    ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets, PrintStream log) {
        RedisConnection redis = new RedisConnection(config.redisUrl(), secrets.redisToken());
        PahoPublisher publisher = new PahoPublisher(config.brokerUrl(), config.brokerUser(), secrets.brokerPassword(),
                config.brokerCaFile().map(PahoPublisher::trusting), config.publishTimeout());
        RecordProcessor processor = new RecordProcessor(config,
                new RedisClaimStore(redis, config.claimLease(), config.retention()),
                new HttpDownloader(config.download(), new AddressGuard(config.allowPrivateSources()), Path.of(System.getProperty("java.io.tmpdir")),
                        new OwnNetworkWatch(config.resilience().ownNetworkHosts(), config.resilience().ownNetworkWindow(), Clock.systemUTC())),
                new S3ObjectStore(s3, config.bucket(), config.multipartThresholdBytes()),
                publisher,
                new RedisMetricsSink(redis),
                new OutcomeLog(log),
                Clock.systemUTC());
        // a record starts only with more than the reserve, plus a connect's worth of time, left
        this.batches = new BatchRunner(processor::process, config.resilience().reserve().plus(config.download().connectTimeout()));
        this.owned = List.of(publisher, redis);
    }

    /** Runs the batch before the invocation's deadline ({@link Context#getRemainingTimeInMillis()}). */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batches.run(event, context == null ? Deadline.NONE : Deadline.after(Duration.ofMillis(context.getRemainingTimeInMillis())));
    }

    /** Closes the broker and Redis connections. */
    @Override
    public void close() {
        List<Exception> errors = new ArrayList<>();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the manager's connections failed");
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static Region region(Map<String, String> env) {
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) throw new ConfigException("AWS_REGION is required but not set");
        return Region.of(region);
    }

    private static S3Client s3(ManagerConfig config, Region region) {
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create());
        config.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .forcePathStyle(true)
                // S3 stand-ins take plain signed payloads, not the SDK's checksum trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    private static ManagerSecrets secrets(ManagerConfig config, Region region) {
        if (config.brokerPasswordSecretArn().isEmpty() && config.redisTokenSecretArn().isEmpty()) {
            return ManagerSecrets.fromConfig(config);
        }
        var builder = SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create());
        config.secretsEndpoint().ifPresent(builder::endpointOverride);
        try (SecretsManagerClient client = builder.build()) {
            return ManagerSecrets.resolve(config, client);
        }
    }
}
