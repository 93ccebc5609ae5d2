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
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import wis2.gc.manager.download.AddressGuard;
import wis2.gc.manager.download.HttpDownloader;
import wis2.gc.manager.download.OwnNetworkWatch;
import wis2.gc.manager.download.SpillSpace;

/**
 * The manager Lambda: takes a batch of SQS FIFO records (one notification each) and answers
 * with the ids of the records that must be retried (partial batch response).
 *
 * <p>Clients are built once per execution environment and kept across invocations; they
 * reconnect lazily on first use after a failure. The no-argument constructor is the Lambda's:
 * configuration from the {@code GC_*} environment variables ({@link ManagerConfig}), secrets
 * from Secrets Manager ({@link ManagerSecrets}), region and credentials from the Lambda
 * environment. The one-machine runtime and the tests use
 * {@link #ManagerHandler(ManagerConfig, S3Client, ManagerSecrets)}.
 *
 * <p>SnapStart: the handler is a CRaC {@link Resource} registered with the global context.
 * Before the snapshot it closes its Redis and broker connections (their sockets would be dead
 * in a restored copy); after each restore it reads its secrets again, because a snapshot taken
 * at deployment is restored for as long as the version lives, across rotations. A secret
 * rotated while an environment runs is picked up when Redis or the broker refuses the old one
 * ({@link SecretSource}).
 */
public final class ManagerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource, AutoCloseable {
    private final BatchRunner batches;
    private final SecretSource secrets;
    private final RedisConnection redis;
    private final PahoPublisher publisher;
    private final List<AutoCloseable> owned;

    /** The Lambda runtime's constructor. */
    public ManagerHandler() {
        this(ManagerConfig.fromEnvironment(System.getenv()), System.getenv());
    }

    private ManagerHandler(ManagerConfig config, Map<String, String> env) {
        this(config, s3(config, region(env)), secretsClient(config, region(env)));
    }

    private ManagerHandler(ManagerConfig config, S3Client s3, Optional<SecretsManagerClient> secretsClient) {
        this(config, s3, secretsClient.<Supplier<ManagerSecrets>>map(c -> () -> ManagerSecrets.resolve(config, c))
                        .orElse(() -> ManagerSecrets.fromConfig(config)),
                System.out, Path.of(System.getProperty("java.io.tmpdir")), secretsClient.map(c -> (AutoCloseable) c));
    }

    /**
     * Builds a manager on an existing S3 client (not closed by {@link #close()}) with secrets that
     * never change; Redis and broker connections are opened on first use.
     */
    public ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets) {
        this(config, s3, secrets, System.out);
    }

    /** As {@link #ManagerHandler(ManagerConfig, S3Client, ManagerSecrets)}, spilling downloads into {@code tmpDir}. */
    public ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets, Path tmpDir) {
        this(config, s3, () -> secrets, System.out, tmpDir, Optional.empty());
    }

    /** As the public constructor, with the outcome log written to {@code log} (tests read it). */
    ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets, PrintStream log) {
        this(config, s3, () -> secrets, log, Path.of(System.getProperty("java.io.tmpdir")), Optional.empty());
    }

    /**
     * The whole wiring.
     *
     * @param readSecrets reads the secrets where they are kept, at start, after a restore and
     *                    when a refusal asks for it
     * @param tmpDir  where downloads spill, {@link ManagerConfig#tmpCapacityBytes()} at most
     * @param alsoOwned closed with the handler
     */
    ManagerHandler(ManagerConfig config, S3Client s3, Supplier<ManagerSecrets> readSecrets, PrintStream log, Path tmpDir,
                   Optional<AutoCloseable> alsoOwned) {
        this.secrets = new SecretSource(readSecrets, Clock.systemUTC());
        this.redis = new RedisConnection(config.redisUrl(), this.secrets);
        this.publisher = new PahoPublisher(config.brokerUrl(), config.brokerUser(), this.secrets,
                config.brokerCaFile().map(PahoPublisher::trusting), config.publishTimeout());
        RecordProcessor processor = new RecordProcessor(config,
                new RedisClaimStore(redis, config.claimLease(), config.retention()),
                new HttpDownloader(config.download(), new AddressGuard(config.allowPrivateSources()),
                        new SpillSpace(tmpDir, config.tmpCapacityBytes()),
                        new OwnNetworkWatch(config.resilience().ownNetworkHosts(), config.resilience().ownNetworkWindow(), Clock.systemUTC())),
                new S3ObjectStore(s3, config.bucket(), config.multipartThresholdBytes()),
                publisher,
                new RedisMetricsSink(redis),
                new OutcomeLog(log),
                Clock.systemUTC());
        // a record starts only with more than the reserve, plus a connect's worth of time, left
        this.batches = new BatchRunner(processor::process, config.resilience().reserve().plus(config.download().connectTimeout()));
        List<AutoCloseable> closing = new ArrayList<>(List.of(publisher, redis));
        alsoOwned.ifPresent(closing::add);
        this.owned = List.copyOf(closing);
        // SnapStart calls the resources registered here; the runtime keeps the handler (and so
        // the registration) for the life of the environment
        Core.getGlobalContext().register(this);
    }

    /** Closes the connections: a restored snapshot must not use sockets of the environment it was taken in. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        publisher.disconnect();
        redis.disconnect();
    }

    /** Reads the secrets again: they may have been rotated since the snapshot was taken. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        secrets.reload();
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

    /** A Secrets Manager client when the configuration names secrets, kept to read them again. */
    private static Optional<SecretsManagerClient> secretsClient(ManagerConfig config, Region region) {
        if (config.brokerPasswordSecretArn().isEmpty() && config.redisTokenSecretArn().isEmpty()) return Optional.empty();
        var builder = SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create());
        config.secretsEndpoint().ifPresent(builder::endpointOverride);
        return Optional.of(builder.build());
    }
}
