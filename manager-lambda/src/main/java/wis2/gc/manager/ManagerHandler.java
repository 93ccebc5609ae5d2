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
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import wis2.gc.config.ConfigException;
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
 * Before the snapshot it primes the JIT with a record's CPU-bound path ({@link Priming}) and
 * its clients with reads only (an S3 HEAD, a Redis PING, a broker CONNECT), with no side
 * effect (a failure of either is logged and the snapshot taken anyway), then closes its Redis
 * and broker connections (their sockets would be dead in a restored copy); after each restore it
 * reads its secrets again, because a snapshot taken at deployment is restored for as long as the
 * version lives, across rotations. A secret rotated while an environment runs is picked up when
 * Redis or the broker refuses the old one ({@link SecretSource}).
 */
public final class ManagerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource, AutoCloseable {
    private final BatchRunner batches;
    private final SecretSource secrets;
    private final RedisConnection redis;
    private final PahoPublisher publisher;
    private final List<AutoCloseable> owned;
    private final OutcomeLog log;
    private final Runnable priming;
    private final S3ObjectStore objects;
    /** Enough runs for C2 to compile the parse, digest and republication path; bounded in time. */
    static final int PRIMING_RUNS = 3000;
    static final Duration PRIMING_BUDGET = Duration.ofSeconds(5);
    /** Looked up (never written) before a snapshot; object keys always start with a centre-id, never with "_". */
    static final String PRIMING_KEY = "_gc-priming/never-written";
    /** Bodies larger than this ask the server with "Expect: 100-continue" before they are sent. */
    static final long EXPECT_CONTINUE_ABOVE_BYTES = 1L << 20;

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
                new OutcomeLog(), Path.of(System.getProperty("java.io.tmpdir")),
                secretsClient.map(c -> (AutoCloseable) c));
    }

    /**
     * Builds a manager on an existing S3 client (not closed by {@link #close()}) with secrets that
     * never change; Redis and broker connections are opened on first use.
     */
    public ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets) {
        this(config, s3, secrets, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #ManagerHandler(ManagerConfig, S3Client, ManagerSecrets)}, spilling downloads into {@code tmpDir}. */
    public ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets, Path tmpDir) {
        this(config, s3, () -> secrets, new OutcomeLog(), tmpDir, Optional.empty());
    }

    /** As the public constructor, with the outcome log written to {@code log} (tests read it). */
    ManagerHandler(ManagerConfig config, S3Client s3, ManagerSecrets secrets, PrintStream log) {
        this(config, s3, () -> secrets, log, Path.of(System.getProperty("java.io.tmpdir")), Optional.empty());
    }

    /** The whole wiring below, with the outcome lines written to {@code log} (tests read them). */
    ManagerHandler(ManagerConfig config, S3Client s3, Supplier<ManagerSecrets> readSecrets, PrintStream log,
                   Path tmpDir, Optional<AutoCloseable> alsoOwned) {
        this(config, s3, readSecrets, new OutcomeLog(log), tmpDir, alsoOwned);
    }

    /** As the whole wiring, with {@code priming} run before each snapshot (the tests make it fail). */
    ManagerHandler(ManagerConfig config, S3Client s3, Supplier<ManagerSecrets> readSecrets, PrintStream log,
                   Path tmpDir, Optional<AutoCloseable> alsoOwned, Runnable priming) {
        this(config, s3, readSecrets, new OutcomeLog(log), tmpDir, alsoOwned, priming);
    }

    private ManagerHandler(ManagerConfig config, S3Client s3, Supplier<ManagerSecrets> readSecrets, OutcomeLog log,
                           Path tmpDir, Optional<AutoCloseable> alsoOwned) {
        this(config, s3, readSecrets, log, tmpDir, alsoOwned,
                new Priming(config, PRIMING_RUNS, PRIMING_BUDGET)::run);
    }

    /**
     * The whole wiring.
     *
     * @param readSecrets reads the secrets where they are kept, at start, after a restore and
     *                    when a refusal asks for it
     * @param tmpDir  where downloads spill, {@link ManagerConfig#tmpCapacityBytes()} at most
     * @param alsoOwned closed with the handler
     * @param priming run before each snapshot; its failure is logged and the snapshot taken anyway
     */
    private ManagerHandler(ManagerConfig config, S3Client s3, Supplier<ManagerSecrets> readSecrets, OutcomeLog log,
                           Path tmpDir, Optional<AutoCloseable> alsoOwned, Runnable priming) {
        this.log = log;
        this.priming = priming;
        this.secrets = new SecretSource(readSecrets, Clock.systemUTC());
        this.redis = new RedisConnection(config.redisUrl(), this.secrets);
        this.publisher = new PahoPublisher(config.brokerUrl(), config.brokerUser(), this.secrets,
                config.brokerCaFile().map(PahoPublisher::trusting), config.publishTimeout());
        this.objects = new S3ObjectStore(s3, config.bucket(), config.multipartThresholdBytes());
        RecordProcessor processor = new RecordProcessor(config,
                new RedisClaimStore(redis, config.claimLease(), config.retention()),
                new HttpDownloader(config.download(), new AddressGuard(config.allowPrivateSources()),
                        new SpillSpace(tmpDir, config.tmpCapacityBytes()),
                        new OwnNetworkWatch(config.resilience().ownNetworkHosts(),
                                config.resilience().ownNetworkWindow(), Clock.systemUTC())),
                objects,
                publisher,
                new RedisMetricsSink(redis),
                log,
                Clock.systemUTC());
        // a record starts only with more than the reserve, plus a connect's worth of time, left
        this.batches = new BatchRunner(processor::process,
                config.resilience().reserve().plus(config.download().connectTimeout()));
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
        try {
            priming.run();
        } catch (RuntimeException | LinkageError e) {
            // a snapshot without priming is only slower on its first batches: take it anyway
            log.primingFailed("failed", e);
        }
        try {
            warmClients();
        } catch (RuntimeException | LinkageError e) {
            log.primingFailed("clients-failed", e);
        }
        publisher.disconnect();
        redis.disconnect();
    }

    /**
     * Loads and initialises what the first batch would, with reads only: a HEAD of a key the
     * cache never writes, a Redis PING, a broker CONNECT without a PUBLISH. The connections are
     * dropped right after, as the snapshot needs.
     */
    private void warmClients() {
        objects.stored(PRIMING_KEY);
        redis.call("priming", r -> r.ping());
        publisher.connect();
    }

    /** Reads the secrets again: they may have been rotated since the snapshot was taken. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        secrets.reload();
    }

    /** Runs the batch before the invocation's deadline ({@link Context#getRemainingTimeInMillis()}). */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batches.run(event, context == null ? Deadline.NONE
                : Deadline.after(Duration.ofMillis(context.getRemainingTimeInMillis())));
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
        if (region == null || region.isBlank()) {
            throw new ConfigException("AWS_REGION", "is required");
        }
        return Region.of(region);
    }

    private static S3Client s3(ManagerConfig config, Region region) {
        return s3Client(config, region, DefaultCredentialsProvider.builder().build());
    }

    /**
     * The S3 client the Lambda uses, for {@code region} with {@code credentials}: the one-machine
     * runtime and the manager benchmark build theirs here too, so they measure and run the same client.
     */
    public static S3Client s3Client(ManagerConfig config, Region region, AwsCredentialsProvider credentials) {
        boolean standIn = config.s3Endpoint().isPresent();
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                // the cache's bucket is a general purpose one: no directory-bucket session lookups per call
                .disableS3ExpressSessionAuth(true)
                .serviceConfiguration(S3Configuration.builder()
                        // a WIS2 object is mostly far below 1 MB: sending it costs less than the round trip
                        // of "Expect: 100-continue" that would first ask whether to
                        .expectContinueThresholdInBytes(EXPECT_CONTINUE_ABOVE_BYTES)
                        // over HTTPS (AWS) the payload goes unsigned with a CRC32 trailer that S3 checks; a
                        // plain-HTTP stand-in needs a signed payload, and one SHA-256 of the whole body
                        // costs less than signing it chunk by chunk
                        .chunkedEncodingEnabled(!standIn)
                        .build());
        config.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .forcePathStyle(true)
                // S3 stand-ins take plain signed payloads, not the SDK's checksum trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    /** A Secrets Manager client when the configuration names secrets, kept to read them again. */
    private static Optional<SecretsManagerClient> secretsClient(ManagerConfig config, Region region) {
        if (config.brokerPasswordSecretArn().isEmpty() && config.redisTokenSecretArn().isEmpty()) {
            return Optional.empty();
        }
        var builder = SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create());
        config.secretsEndpoint().ifPresent(builder::endpointOverride);
        return Optional.of(builder.build());
    }
}
