package wis2.gc.manager;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The manager's whole configuration, loaded once at start-up and never changed.
 *
 * <p>{@link #fromEnvironment(Map)} reads the {@code GC_*} variables below; an invalid or
 * missing value raises a {@link ConfigException} that names the variable. No secret is read
 * from the environment in AWS: the broker password and the Redis token come from Secrets
 * Manager ({@code GC_BROKER_PASSWORD_SECRET_ARN}, {@code GC_REDIS_TOKEN_SECRET_ARN}).
 * {@code GC_BROKER_PASSWORD} exists for the one-machine runtime only.
 *
 * <table>
 * <caption>Variables and defaults</caption>
 * <tr><td>GC_CENTRE_ID, GC_BUCKET, GC_PUBLIC_BASE_URL, GC_REDIS_URL, GC_BROKER_URL, GC_BROKER_USER</td><td>required</td></tr>
 * <tr><td>GC_BROKER_PASSWORD_SECRET_ARN or GC_BROKER_PASSWORD</td><td>exactly one required</td></tr>
 * <tr><td>GC_REDIS_TOKEN_SECRET_ARN, GC_S3_ENDPOINT, GC_SECRETS_ENDPOINT</td><td>optional</td></tr>
 * <tr><td>GC_BROKER_CA_FILE</td><td>optional PEM file of CAs trusted for an {@code ssl://} broker instead of the JVM's</td></tr>
 * <tr><td>GC_MAX_OBJECT_BYTES</td><td>419430400 (400 MiB, within the 512 MiB of /tmp); larger objects are refused (passed through)</td></tr>
 * <tr><td>GC_TOPIC_BLOCKLIST</td><td>empty; comma-separated MQTT topic filters refused (passed through)</td></tr>
 * <tr><td>GC_RETENTION_HOURS</td><td>24 (at least 24); how long a data_id's pubtime is remembered</td></tr>
 * <tr><td>GC_ALLOW_PRIVATE_SOURCES</td><td>false; true lets sources on loopback/private addresses be downloaded</td></tr>
 * <tr><td>GC_DOWNLOAD_CONNECT_TIMEOUT_MS</td><td>5000</td></tr>
 * <tr><td>GC_DOWNLOAD_READ_TIMEOUT_MS</td><td>10000 (longest silence while reading)</td></tr>
 * <tr><td>GC_DOWNLOAD_TOTAL_TIMEOUT_MS</td><td>45000 (one attempt, headers and body; a source still sending then has failed)</td></tr>
 * <tr><td>GC_DOWNLOAD_RETRIES</td><td>2 (extra attempts after a transient failure, each only if it fits the time budget)</td></tr>
 * <tr><td>GC_DOWNLOAD_RETRY_BACKOFF_MS</td><td>500 (doubled for each retry, with jitter)</td></tr>
 * <tr><td>GC_DOWNLOAD_SPILL_BYTES</td><td>8388608; bodies beyond it go to a temporary file</td></tr>
 * <tr><td>GC_MULTIPART_THRESHOLD_BYTES</td><td>67108864; larger objects are uploaded in parts</td></tr>
 * <tr><td>GC_CLAIM_LEASE_SECONDS</td><td>900 (the Lambda's longest run); the longest lease: a claim lasts the invocation's remaining time plus 5 s, at most this</td></tr>
 * <tr><td>GC_CLAIM_WAIT_SECONDS</td><td>30; how long a copy waits for another worker's claim before the record is retried</td></tr>
 * <tr><td>GC_PUBLISH_TIMEOUT_MS</td><td>10000; wait for the broker's PUBACK</td></tr>
 * <tr><td>GC_TIME_RESERVE_MS</td><td>2000; kept of each invocation for store, publish, commit and metrics</td></tr>
 * <tr><td>GC_SOURCE_ATTEMPTS</td><td>3; receives of a record with transient source failures before it counts as a download failure</td></tr>
 * <tr><td>GC_OWN_NETWORK_HOSTS</td><td>5; distinct unreachable hosts, with none reached, that mean the cache's own network is down</td></tr>
 * <tr><td>GC_OWN_NETWORK_WINDOW_SECONDS</td><td>60; the window those failures are counted in</td></tr>
 * <tr><td>GC_ADD_INTEGRITY</td><td>true; false republishes a message without integrity without adding one</td></tr>
 * <tr><td>GC_PUBTIME_FUTURE_TOLERANCE_SECONDS</td><td>3600; a pubtime further ahead of the clock is rejected as invalid</td></tr>
 * <tr><td>GC_TMP_CAPACITY_BYTES</td><td>536870912 (the Lambda's 512 MiB of /tmp); all spill files together stay within it</td></tr>
 * </table>
 */
public record ManagerConfig(
        String centreId,
        String bucket,
        String publicBaseUrl,
        URI redisUrl,
        Optional<String> redisTokenSecretArn,
        String brokerUrl,
        String brokerUser,
        Optional<String> brokerPasswordSecretArn,
        Optional<String> brokerPassword,
        Optional<java.nio.file.Path> brokerCaFile,
        long maxObjectBytes,
        List<String> topicBlocklist,
        Duration retention,
        boolean allowPrivateSources,
        Optional<URI> s3Endpoint,
        Optional<URI> secretsEndpoint,
        Download download,
        long multipartThresholdBytes,
        Duration claimLease,
        Duration claimWait,
        Duration publishTimeout,
        Resilience resilience,
        boolean addIntegrity,
        Duration futurePubtimeTolerance,
        long tmpCapacityBytes) {

    /** Fits the default /tmp whole, with room for a smaller download beside it. */
    static final long DEFAULT_MAX_OBJECT_BYTES = 400L << 20;

    /** The /tmp of a Lambda function with default ephemeral storage, the most SnapStart allows. */
    static final long DEFAULT_TMP_CAPACITY_BYTES = 512L << 20;

    /** The rules keep cached data (and so the dedup memory) at least this long. */
    static final Duration MIN_RETENTION = Duration.ofHours(24);

    /**
     * Download policy of the cache.
     *
     * @param connectTimeout longest wait for the TCP/TLS connection
     * @param readTimeout longest silence while waiting for headers or body bytes
     * @param totalTimeout longest time of one attempt
     * @param retries extra attempts after a transient failure, each made only when it fits the time budget
     * @param retryBackoff pause before the first retry, doubled for each further one, jittered
     * @param spillBytes bodies larger than this are kept in a temporary file, not in the heap
     */
    public record Download(Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                           int retries, Duration retryBackoff, long spillBytes) {
        public Download {
            positive(connectTimeout, "connectTimeout");
            positive(readTimeout, "readTimeout");
            positive(totalTimeout, "totalTimeout");
            if (retries < 0) throw new ConfigException("download retries must be >= 0, was " + retries);
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            if (spillBytes < 0) throw new ConfigException("spillBytes must be >= 0, was " + spillBytes);
        }

        /** The documented defaults. */
        public static Download defaults() {
            return new Download(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(45),
                    2, Duration.ofMillis(500), 8L << 20);
        }
    }

    /**
     * How the manager lives with Lambda's clock and with failing sources.
     *
     * @param reserve kept of each invocation's time for what must still happen after a download
     *     (store, publish, commit, metrics); a record that cannot start with more than this left is
     *     not run
     * @param sourceAttempts receives ({@code ApproximateReceiveCount}) a record with transient
     *     source failures gets before the failure is final; below the queue's receive count, so
     *     a source's failure never reaches the DLQ
     * @param ownNetworkHosts distinct hosts unreachable, with none reached, that mean the cache's own network is down
     * @param ownNetworkWindow how far back those failures count
     */
    public record Resilience(Duration reserve, int sourceAttempts, int ownNetworkHosts, Duration ownNetworkWindow) {
        public Resilience {
            Objects.requireNonNull(reserve, "reserve");
            if (reserve.isNegative()) throw new ConfigException("GC_TIME_RESERVE_MS: must not be negative. Found: " + reserve);
            if (sourceAttempts < 1) throw new ConfigException("GC_SOURCE_ATTEMPTS: must be at least 1. Found: " + sourceAttempts);
            if (ownNetworkHosts < 2) throw new ConfigException("GC_OWN_NETWORK_HOSTS: must be at least 2. Found: " + ownNetworkHosts);
            positive(ownNetworkWindow, "ownNetworkWindow");
        }

        /** The documented defaults. */
        public static Resilience defaults() {
            return new Resilience(Duration.ofSeconds(2), 3, 5, Duration.ofSeconds(60));
        }
    }

    public ManagerConfig {
        require(centreId, "centreId");
        require(bucket, "bucket");
        require(publicBaseUrl, "publicBaseUrl");
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(redisTokenSecretArn, "redisTokenSecretArn");
        require(brokerUrl, "brokerUrl");
        require(brokerUser, "brokerUser");
        Objects.requireNonNull(brokerPasswordSecretArn, "brokerPasswordSecretArn");
        Objects.requireNonNull(brokerPassword, "brokerPassword");
        Objects.requireNonNull(brokerCaFile, "brokerCaFile");
        if (brokerPasswordSecretArn.isPresent() == brokerPassword.isPresent()) {
            throw new ConfigException("exactly one of brokerPasswordSecretArn and brokerPassword must be given");
        }
        if (maxObjectBytes <= 0) throw new ConfigException("maxObjectBytes must be > 0, was " + maxObjectBytes);
        topicBlocklist = List.copyOf(topicBlocklist);
        topicBlocklist.forEach(TopicFilter::validate);
        if (retention.compareTo(MIN_RETENTION) < 0) {
            throw new ConfigException("retention must be at least 24 hours, was " + retention);
        }
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(secretsEndpoint, "secretsEndpoint");
        Objects.requireNonNull(download, "download");
        if (multipartThresholdBytes < S3ObjectStore.MIN_PART_BYTES) {
            throw new ConfigException("multipartThresholdBytes must be at least " + S3ObjectStore.MIN_PART_BYTES);
        }
        positive(claimLease, "claimLease");
        Objects.requireNonNull(claimWait, "claimWait");
        positive(publishTimeout, "publishTimeout");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(futurePubtimeTolerance, "futurePubtimeTolerance");
        if (futurePubtimeTolerance.isNegative()) {
            throw new ConfigException("futurePubtimeTolerance must not be negative, was " + futurePubtimeTolerance);
        }
        // every spill file of a download is reserved whole before it is written: one object at
        // the ceiling must fit, or it could never be cached
        if (tmpCapacityBytes < maxObjectBytes) {
            throw new ConfigException("GC_TMP_CAPACITY_BYTES: must be at least GC_MAX_OBJECT_BYTES (" + maxObjectBytes
                    + "), or an object at the ceiling can never be kept aside. Found: " + tmpCapacityBytes);
        }
    }

    /** As the record's, with the local broker password masked. */
    @Override
    public String toString() {
        return "ManagerConfig[centreId=" + centreId + ", bucket=" + bucket + ", publicBaseUrl=" + publicBaseUrl
                + ", redisUrl=" + redisUrl + ", brokerUrl=" + brokerUrl + ", brokerUser=" + brokerUser
                + ", brokerPassword=" + brokerPassword.map(p -> "***").orElse("none")
                + ", brokerPasswordSecretArn=" + brokerPasswordSecretArn.orElse("none")
                + ", maxObjectBytes=" + maxObjectBytes + ", topicBlocklist=" + topicBlocklist + ", retention=" + retention
                + ", allowPrivateSources=" + allowPrivateSources + ", download=" + download
                + ", addIntegrity=" + addIntegrity + ", futurePubtimeTolerance=" + futurePubtimeTolerance
                + ", tmpCapacityBytes=" + tmpCapacityBytes + "]";
    }

    /**
     * Reads the configuration from environment variables (see the class comment).
     *
     * @throws ConfigException naming the first variable that is missing or invalid
     */
    public static ManagerConfig fromEnvironment(Map<String, String> env) {
        Env e = new Env(env);
        Optional<String> passwordArn = e.optional("GC_BROKER_PASSWORD_SECRET_ARN");
        Optional<String> password = e.optional("GC_BROKER_PASSWORD");
        if (passwordArn.isPresent() == password.isPresent()) {
            throw new ConfigException("set exactly one of GC_BROKER_PASSWORD_SECRET_ARN (AWS) and GC_BROKER_PASSWORD (local only)");
        }
        return new ManagerConfig(
                e.required("GC_CENTRE_ID"),
                e.required("GC_BUCKET"),
                e.parse("GC_PUBLIC_BASE_URL", null, v -> httpUri(v).toString()),
                e.parse("GC_REDIS_URL", null, ManagerConfig::redisUri),
                e.optional("GC_REDIS_TOKEN_SECRET_ARN"),
                e.parse("GC_BROKER_URL", null, ManagerConfig::brokerUri),
                e.required("GC_BROKER_USER"),
                passwordArn,
                password,
                e.optional("GC_BROKER_CA_FILE").map(v -> e.parse("GC_BROKER_CA_FILE", null, ManagerConfig::readableFile)),
                e.parse("GC_MAX_OBJECT_BYTES", DEFAULT_MAX_OBJECT_BYTES, v -> atLeast(Long.parseLong(v), 1)),
                e.parse("GC_TOPIC_BLOCKLIST", List.of(), ManagerConfig::filters),
                e.parse("GC_RETENTION_HOURS", MIN_RETENTION, v -> Duration.ofHours(atLeast(Long.parseLong(v), 24))),
                e.parse("GC_ALLOW_PRIVATE_SOURCES", false, ManagerConfig::bool),
                e.optional("GC_S3_ENDPOINT").map(v -> e.parse("GC_S3_ENDPOINT", null, ManagerConfig::httpUri)),
                e.optional("GC_SECRETS_ENDPOINT").map(v -> e.parse("GC_SECRETS_ENDPOINT", null, ManagerConfig::httpUri)),
                download(e),
                e.parse("GC_MULTIPART_THRESHOLD_BYTES", 64L << 20, v -> atLeast(Long.parseLong(v), S3ObjectStore.MIN_PART_BYTES)),
                e.parse("GC_CLAIM_LEASE_SECONDS", Duration.ofMinutes(15), v -> Duration.ofSeconds(atLeast(Long.parseLong(v), 1))),
                e.parse("GC_CLAIM_WAIT_SECONDS", Duration.ofSeconds(30), v -> Duration.ofSeconds(atLeast(Long.parseLong(v), 0))),
                e.parse("GC_PUBLISH_TIMEOUT_MS", Duration.ofSeconds(10), v -> millis(v, 1)),
                resilience(e),
                e.parse("GC_ADD_INTEGRITY", true, ManagerConfig::bool),
                e.parse("GC_PUBTIME_FUTURE_TOLERANCE_SECONDS", Duration.ofHours(1), v -> Duration.ofSeconds(atLeast(Long.parseLong(v), 0))),
                e.parse("GC_TMP_CAPACITY_BYTES", DEFAULT_TMP_CAPACITY_BYTES, v -> atLeast(Long.parseLong(v), 1)));
    }

    private static Resilience resilience(Env e) {
        Resilience r = Resilience.defaults();
        return new Resilience(
                e.parse("GC_TIME_RESERVE_MS", r.reserve(), v -> millis(v, 0)),
                e.parse("GC_SOURCE_ATTEMPTS", r.sourceAttempts(), v -> (int) atLeast(Integer.parseInt(v), 1)),
                e.parse("GC_OWN_NETWORK_HOSTS", r.ownNetworkHosts(), v -> (int) atLeast(Integer.parseInt(v), 2)),
                e.parse("GC_OWN_NETWORK_WINDOW_SECONDS", r.ownNetworkWindow(), v -> Duration.ofSeconds(atLeast(Long.parseLong(v), 1))));
    }

    private static Download download(Env e) {
        Download d = Download.defaults();
        return new Download(
                e.parse("GC_DOWNLOAD_CONNECT_TIMEOUT_MS", d.connectTimeout(), v -> millis(v, 1)),
                e.parse("GC_DOWNLOAD_READ_TIMEOUT_MS", d.readTimeout(), v -> millis(v, 1)),
                e.parse("GC_DOWNLOAD_TOTAL_TIMEOUT_MS", d.totalTimeout(), v -> millis(v, 1)),
                e.parse("GC_DOWNLOAD_RETRIES", d.retries(), v -> (int) atLeast(Integer.parseInt(v), 0)),
                e.parse("GC_DOWNLOAD_RETRY_BACKOFF_MS", d.retryBackoff(), v -> millis(v, 0)),
                e.parse("GC_DOWNLOAD_SPILL_BYTES", d.spillBytes(), v -> atLeast(Long.parseLong(v), 0)));
    }

    private static long atLeast(long value, long min) {
        if (value < min) throw new IllegalArgumentException("must be at least " + min);
        return value;
    }

    private static Duration millis(String v, long min) {
        return Duration.ofMillis(atLeast(Long.parseLong(v), min));
    }

    private static URI httpUri(String v) {
        URI uri = URI.create(v);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host");
        }
        return uri;
    }

    private static java.nio.file.Path readableFile(String v) {
        java.nio.file.Path path = java.nio.file.Path.of(v);
        if (!java.nio.file.Files.isReadable(path)) throw new IllegalArgumentException("not a readable file");
        return path;
    }

    private static URI redisUri(String v) {
        URI uri = URI.create(v);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URL with a host");
        }
        return uri;
    }

    /**
     * The product writes broker URLs as {@code mqtt://} and {@code mqtts://} (the listener and the CDK
     * app do); Paho wants {@code tcp://} and {@code ssl://}, which are accepted as they are.
     */
    private static String brokerUri(String v) {
        URI uri = URI.create(v);
        String pahoScheme = switch (String.valueOf(uri.getScheme())) {
            case "mqtt", "tcp" -> "tcp";
            case "mqtts", "ssl" -> "ssl";
            default -> null;
        };
        if (pahoScheme == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("not a mqtt://host:port or mqtts://host:port URL");
        }
        return pahoScheme + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static List<String> filters(String v) {
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean bool(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) throw new ConfigException(name + " must not be blank");
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new ConfigException(name + " must be positive, was " + d);
    }

    /** Typed reads of the environment whose errors name the variable. */
    private record Env(Map<String, String> env) {
        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
        }

        String required(String name) {
            return optional(name).orElseThrow(() -> new ConfigException(name + " is required but not set"));
        }

        <T> T parse(String name, T fallback, Function<String, T> parser) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                if (fallback == null) throw new ConfigException(name + " is required but not set");
                return fallback;
            }
            try {
                return parser.apply(raw.get());
            } catch (RuntimeException ex) {
                throw new ConfigException(name + " is invalid ('" + raw.get() + "'): " + ex.getMessage(), ex);
            }
        }
    }
}
