package wis2.gc.manager;

import static wis2.gc.config.GcEnv.atLeast;
import static wis2.gc.config.GcEnv.found;
import static wis2.gc.config.GcEnv.require;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import wis2.gc.config.ConfigException;
import wis2.gc.config.GcEnv;

/**
 * The manager's whole configuration, loaded once at start-up and never changed.
 *
 * <p>{@link #builder()} holds every default; {@link #fromEnvironment(Map)} reads the {@code GC_*}
 * variables into it. The variables, their defaults and allowed values are the table in
 * docs/operations.md ("Configuration variables"). Every invalid or missing value, however it was
 * given, raises a {@link ConfigException} that names the variable. No secret is read from the
 * environment in AWS: the broker password and the Redis token come from Secrets Manager
 * ({@code GC_BROKER_PASSWORD_SECRET_ARN}, {@code GC_REDIS_TOKEN_SECRET_ARN}).
 * {@code GC_BROKER_PASSWORD} exists for the one-machine runtime only.
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
        Optional<Path> brokerCaFile,
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
     * Download policy of the cache ({@code GC_DOWNLOAD_*}); {@link #builder()} holds the defaults.
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
            positiveMillis("GC_DOWNLOAD_CONNECT_TIMEOUT_MS", connectTimeout);
            positiveMillis("GC_DOWNLOAD_READ_TIMEOUT_MS", readTimeout);
            positiveMillis("GC_DOWNLOAD_TOTAL_TIMEOUT_MS", totalTimeout);
            atLeast("GC_DOWNLOAD_RETRIES", retries, 0);
            require("GC_DOWNLOAD_RETRY_BACKOFF_MS", retryBackoff != null, "is required");
            atLeast("GC_DOWNLOAD_RETRY_BACKOFF_MS", retryBackoff.toMillis(), 0);
            atLeast("GC_DOWNLOAD_SPILL_BYTES", spillBytes, 0);
        }

        /** The documented defaults. */
        public static Download defaults() {
            return builder().build();
        }

        /** A builder holding the defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Download}; every setter has a default. */
        public static final class Builder {
            private Duration connectTimeout = Duration.ofSeconds(5);
            private Duration readTimeout = Duration.ofSeconds(10);
            private Duration totalTimeout = Duration.ofSeconds(45);
            private int retries = 2;
            private Duration retryBackoff = Duration.ofMillis(500);
            private long spillBytes = 8L << 20;

            private Builder() {
            }

            /** {@code GC_DOWNLOAD_CONNECT_TIMEOUT_MS}, default 5 s. */
            public Builder connectTimeout(Duration value) {
                connectTimeout = value;
                return this;
            }

            /** {@code GC_DOWNLOAD_READ_TIMEOUT_MS}, default 10 s. */
            public Builder readTimeout(Duration value) {
                readTimeout = value;
                return this;
            }

            /** {@code GC_DOWNLOAD_TOTAL_TIMEOUT_MS}, default 45 s. */
            public Builder totalTimeout(Duration value) {
                totalTimeout = value;
                return this;
            }

            /** {@code GC_DOWNLOAD_RETRIES}, default 2. */
            public Builder retries(int value) {
                retries = value;
                return this;
            }

            /** {@code GC_DOWNLOAD_RETRY_BACKOFF_MS}, default 500 ms. */
            public Builder retryBackoff(Duration value) {
                retryBackoff = value;
                return this;
            }

            /** {@code GC_DOWNLOAD_SPILL_BYTES}, default 8 MiB. */
            public Builder spillBytes(long value) {
                spillBytes = value;
                return this;
            }

            public Download build() {
                return new Download(connectTimeout, readTimeout, totalTimeout, retries, retryBackoff, spillBytes);
            }
        }
    }

    /**
     * How the manager lives with Lambda's clock and with failing sources; {@link #builder()} holds
     * the defaults.
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
            require("GC_TIME_RESERVE_MS", reserve != null, "is required");
            atLeast("GC_TIME_RESERVE_MS", reserve.toMillis(), 0);
            atLeast("GC_SOURCE_ATTEMPTS", sourceAttempts, 1);
            atLeast("GC_OWN_NETWORK_HOSTS", ownNetworkHosts, 2);
            require("GC_OWN_NETWORK_WINDOW_SECONDS", ownNetworkWindow != null, "is required");
            atLeast("GC_OWN_NETWORK_WINDOW_SECONDS", ownNetworkWindow.toSeconds(), 1);
        }

        /** The documented defaults. */
        public static Resilience defaults() {
            return builder().build();
        }

        /** A builder holding the defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Resilience}; every setter has a default. */
        public static final class Builder {
            private Duration reserve = Duration.ofSeconds(2);
            private int sourceAttempts = 3;
            private int ownNetworkHosts = 5;
            private Duration ownNetworkWindow = Duration.ofSeconds(60);

            private Builder() {
            }

            /** {@code GC_TIME_RESERVE_MS}, default 2 s. */
            public Builder reserve(Duration value) {
                reserve = value;
                return this;
            }

            /** {@code GC_SOURCE_ATTEMPTS}, default 3. */
            public Builder sourceAttempts(int value) {
                sourceAttempts = value;
                return this;
            }

            /** {@code GC_OWN_NETWORK_HOSTS}, default 5. */
            public Builder ownNetworkHosts(int value) {
                ownNetworkHosts = value;
                return this;
            }

            /** {@code GC_OWN_NETWORK_WINDOW_SECONDS}, default 60 s. */
            public Builder ownNetworkWindow(Duration value) {
                ownNetworkWindow = value;
                return this;
            }

            public Resilience build() {
                return new Resilience(reserve, sourceAttempts, ownNetworkHosts, ownNetworkWindow);
            }
        }
    }

    public ManagerConfig {
        notBlank("GC_CENTRE_ID", centreId);
        notBlank("GC_BUCKET", bucket);
        notBlank("GC_PUBLIC_BASE_URL", publicBaseUrl);
        httpUri("GC_PUBLIC_BASE_URL", GcEnv.uri("GC_PUBLIC_BASE_URL", publicBaseUrl));
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        require("GC_REDIS_URL", redisUrl != null, "is required");
        require("GC_REDIS_URL", ("redis".equals(redisUrl.getScheme()) || "rediss".equals(redisUrl.getScheme()))
                && redisUrl.getHost() != null, "must be a redis:// or rediss:// URL with a host" + found(redisUrl));
        Objects.requireNonNull(redisTokenSecretArn, "redisTokenSecretArn");
        notBlank("GC_BROKER_URL", brokerUrl);
        brokerUrl = pahoUri(brokerUrl);
        notBlank("GC_BROKER_USER", brokerUser);
        Objects.requireNonNull(brokerPasswordSecretArn, "brokerPasswordSecretArn");
        Objects.requireNonNull(brokerPassword, "brokerPassword");
        require("GC_BROKER_PASSWORD_SECRET_ARN", brokerPasswordSecretArn.isPresent() != brokerPassword.isPresent(),
                "set exactly one of GC_BROKER_PASSWORD_SECRET_ARN (AWS) and GC_BROKER_PASSWORD (local only)");
        Objects.requireNonNull(brokerCaFile, "brokerCaFile");
        brokerCaFile.ifPresent(file -> require("GC_BROKER_CA_FILE", Files.isReadable(file),
                "must be a readable PEM file" + found(file)));
        atLeast("GC_MAX_OBJECT_BYTES", maxObjectBytes, 1);
        topicBlocklist = List.copyOf(topicBlocklist);
        topicBlocklist.forEach(TopicFilter::validate);
        require("GC_RETENTION_HOURS", retention != null, "is required");
        atLeast("GC_RETENTION_HOURS", retention.toHours(), MIN_RETENTION.toHours());
        Objects.requireNonNull(s3Endpoint, "s3Endpoint").ifPresent(uri -> httpUri("GC_S3_ENDPOINT", uri));
        Objects.requireNonNull(secretsEndpoint, "secretsEndpoint")
                .ifPresent(uri -> httpUri("GC_SECRETS_ENDPOINT", uri));
        Objects.requireNonNull(download, "download");
        atLeast("GC_MULTIPART_THRESHOLD_BYTES", multipartThresholdBytes, S3ObjectStore.MIN_PART_BYTES);
        require("GC_CLAIM_LEASE_SECONDS", claimLease != null, "is required");
        atLeast("GC_CLAIM_LEASE_SECONDS", claimLease.toSeconds(), 1);
        require("GC_CLAIM_WAIT_SECONDS", claimWait != null, "is required");
        atLeast("GC_CLAIM_WAIT_SECONDS", claimWait.toSeconds(), 0);
        positiveMillis("GC_PUBLISH_TIMEOUT_MS", publishTimeout);
        Objects.requireNonNull(resilience, "resilience");
        require("GC_PUBTIME_FUTURE_TOLERANCE_SECONDS", futurePubtimeTolerance != null, "is required");
        atLeast("GC_PUBTIME_FUTURE_TOLERANCE_SECONDS", futurePubtimeTolerance.toSeconds(), 0);
        // every spill file of a download is reserved whole before it is written: one object at
        // the ceiling must fit, or it could never be cached
        require("GC_TMP_CAPACITY_BYTES", tmpCapacityBytes >= maxObjectBytes, "must be at least GC_MAX_OBJECT_BYTES ("
                + maxObjectBytes + "), or an object at the ceiling can never be kept aside" + found(tmpCapacityBytes));
    }

    /** As the record's, with the local broker password masked. */
    @Override
    public String toString() {
        return "ManagerConfig[centreId=" + centreId + ", bucket=" + bucket + ", publicBaseUrl=" + publicBaseUrl
                + ", redisUrl=" + GcEnv.redact(redisUrl.toString()) + ", brokerUrl=" + brokerUrl
                + ", brokerUser=" + brokerUser
                + ", brokerPassword=" + brokerPassword.map(p -> "***").orElse("none")
                + ", brokerPasswordSecretArn=" + brokerPasswordSecretArn.orElse("none")
                + ", maxObjectBytes=" + maxObjectBytes + ", topicBlocklist=" + topicBlocklist
                + ", retention=" + retention + ", allowPrivateSources=" + allowPrivateSources + ", download=" + download
                + ", addIntegrity=" + addIntegrity + ", futurePubtimeTolerance=" + futurePubtimeTolerance
                + ", tmpCapacityBytes=" + tmpCapacityBytes + "]";
    }

    /** A builder holding every default; the required values have none. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from environment variables (the table in docs/operations.md).
     *
     * @throws ConfigException naming the first variable that is missing or invalid
     */
    public static ManagerConfig fromEnvironment(Map<String, String> variables) {
        GcEnv env = GcEnv.of(variables);
        Builder b = builder()
                .centreId(env.required("GC_CENTRE_ID"))
                .bucket(env.required("GC_BUCKET"))
                .publicBaseUrl(env.required("GC_PUBLIC_BASE_URL"))
                .redisUrl(GcEnv.uri("GC_REDIS_URL", env.required("GC_REDIS_URL")))
                .redisTokenSecretArn(env.optional("GC_REDIS_TOKEN_SECRET_ARN"))
                .brokerUrl(env.required("GC_BROKER_URL"))
                .brokerUser(env.required("GC_BROKER_USER"))
                .brokerPasswordSecretArn(env.optional("GC_BROKER_PASSWORD_SECRET_ARN"))
                .brokerPassword(env.optional("GC_BROKER_PASSWORD"))
                .brokerCaFile(env.optional("GC_BROKER_CA_FILE").map(Path::of))
                .s3Endpoint(env.uri("GC_S3_ENDPOINT"))
                .secretsEndpoint(env.uri("GC_SECRETS_ENDPOINT"));
        env.longInteger("GC_MAX_OBJECT_BYTES").ifPresent(b::maxObjectBytes);
        env.list("GC_TOPIC_BLOCKLIST").ifPresent(b::topicBlocklist);
        env.duration("GC_RETENTION_HOURS", ChronoUnit.HOURS).ifPresent(b::retention);
        env.bool("GC_ALLOW_PRIVATE_SOURCES").ifPresent(b::allowPrivateSources);
        env.longInteger("GC_MULTIPART_THRESHOLD_BYTES").ifPresent(b::multipartThresholdBytes);
        env.duration("GC_CLAIM_LEASE_SECONDS", ChronoUnit.SECONDS).ifPresent(b::claimLease);
        env.duration("GC_CLAIM_WAIT_SECONDS", ChronoUnit.SECONDS).ifPresent(b::claimWait);
        env.duration("GC_PUBLISH_TIMEOUT_MS", ChronoUnit.MILLIS).ifPresent(b::publishTimeout);
        env.bool("GC_ADD_INTEGRITY").ifPresent(b::addIntegrity);
        env.duration("GC_PUBTIME_FUTURE_TOLERANCE_SECONDS", ChronoUnit.SECONDS).ifPresent(b::futurePubtimeTolerance);
        env.longInteger("GC_TMP_CAPACITY_BYTES").ifPresent(b::tmpCapacityBytes);

        Download.Builder d = Download.builder();
        env.duration("GC_DOWNLOAD_CONNECT_TIMEOUT_MS", ChronoUnit.MILLIS).ifPresent(d::connectTimeout);
        env.duration("GC_DOWNLOAD_READ_TIMEOUT_MS", ChronoUnit.MILLIS).ifPresent(d::readTimeout);
        env.duration("GC_DOWNLOAD_TOTAL_TIMEOUT_MS", ChronoUnit.MILLIS).ifPresent(d::totalTimeout);
        env.integer("GC_DOWNLOAD_RETRIES").ifPresent(d::retries);
        env.duration("GC_DOWNLOAD_RETRY_BACKOFF_MS", ChronoUnit.MILLIS).ifPresent(d::retryBackoff);
        env.longInteger("GC_DOWNLOAD_SPILL_BYTES").ifPresent(d::spillBytes);

        Resilience.Builder r = Resilience.builder();
        env.duration("GC_TIME_RESERVE_MS", ChronoUnit.MILLIS).ifPresent(r::reserve);
        env.integer("GC_SOURCE_ATTEMPTS").ifPresent(r::sourceAttempts);
        env.integer("GC_OWN_NETWORK_HOSTS").ifPresent(r::ownNetworkHosts);
        env.duration("GC_OWN_NETWORK_WINDOW_SECONDS", ChronoUnit.SECONDS).ifPresent(r::ownNetworkWindow);
        return b.download(d.build()).resilience(r.build()).build();
    }

    /**
     * Builds a {@link ManagerConfig}. Each setter names its variable; the defaults are those of
     * docs/operations.md, written here only.
     */
    public static final class Builder {
        private String centreId;
        private String bucket;
        private String publicBaseUrl;
        private URI redisUrl;
        private Optional<String> redisTokenSecretArn = Optional.empty();
        private String brokerUrl;
        private String brokerUser;
        private Optional<String> brokerPasswordSecretArn = Optional.empty();
        private Optional<String> brokerPassword = Optional.empty();
        private Optional<Path> brokerCaFile = Optional.empty();
        private long maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES;
        private List<String> topicBlocklist = List.of();
        private Duration retention = MIN_RETENTION;
        private boolean allowPrivateSources = false;
        private Optional<URI> s3Endpoint = Optional.empty();
        private Optional<URI> secretsEndpoint = Optional.empty();
        private Download download = Download.defaults();
        private long multipartThresholdBytes = 64L << 20;
        // the Lambda's longest run: a claim lasts the invocation's remaining time plus 5 s, at most this
        private Duration claimLease = Duration.ofMinutes(15);
        private Duration claimWait = Duration.ofSeconds(30);
        private Duration publishTimeout = Duration.ofSeconds(10);
        private Resilience resilience = Resilience.defaults();
        private boolean addIntegrity = true;
        private Duration futurePubtimeTolerance = Duration.ofHours(1);
        private long tmpCapacityBytes = DEFAULT_TMP_CAPACITY_BYTES;

        private Builder() {
        }

        /** {@code GC_CENTRE_ID}, required. */
        public Builder centreId(String value) {
            centreId = value;
            return this;
        }

        /** {@code GC_BUCKET}, required. */
        public Builder bucket(String value) {
            bucket = value;
            return this;
        }

        /** {@code GC_PUBLIC_BASE_URL}, required; a trailing slash is dropped. */
        public Builder publicBaseUrl(String value) {
            publicBaseUrl = value;
            return this;
        }

        /** {@code GC_REDIS_URL}, required. */
        public Builder redisUrl(URI value) {
            redisUrl = value;
            return this;
        }

        /** {@code GC_REDIS_TOKEN_SECRET_ARN}, default none (Redis without AUTH). */
        public Builder redisTokenSecretArn(Optional<String> value) {
            redisTokenSecretArn = value;
            return this;
        }

        /** {@code GC_BROKER_URL}, required: {@code mqtt(s)://} or {@code tcp|ssl://}, with a port. */
        public Builder brokerUrl(String value) {
            brokerUrl = value;
            return this;
        }

        /** {@code GC_BROKER_USER}, required. */
        public Builder brokerUser(String value) {
            brokerUser = value;
            return this;
        }

        /** {@code GC_BROKER_PASSWORD_SECRET_ARN}; exactly one of it and {@link #brokerPassword} is set. */
        public Builder brokerPasswordSecretArn(Optional<String> value) {
            brokerPasswordSecretArn = value;
            return this;
        }

        /** {@code GC_BROKER_PASSWORD} (one-machine runtime only). */
        public Builder brokerPassword(Optional<String> value) {
            brokerPassword = value;
            return this;
        }

        /** {@code GC_BROKER_CA_FILE}, default none (the JVM's trusted CAs). */
        public Builder brokerCaFile(Optional<Path> value) {
            brokerCaFile = value;
            return this;
        }

        /** {@code GC_MAX_OBJECT_BYTES}, default 400 MiB. */
        public Builder maxObjectBytes(long value) {
            maxObjectBytes = value;
            return this;
        }

        /** {@code GC_TOPIC_BLOCKLIST}, default none. */
        public Builder topicBlocklist(List<String> value) {
            topicBlocklist = value;
            return this;
        }

        /** {@code GC_RETENTION_HOURS}, default and least 24 hours. */
        public Builder retention(Duration value) {
            retention = value;
            return this;
        }

        /** {@code GC_ALLOW_PRIVATE_SOURCES}, default false. */
        public Builder allowPrivateSources(boolean value) {
            allowPrivateSources = value;
            return this;
        }

        /** {@code GC_S3_ENDPOINT}, default none (the region's). */
        public Builder s3Endpoint(Optional<URI> value) {
            s3Endpoint = value;
            return this;
        }

        /** {@code GC_SECRETS_ENDPOINT}, default none (the region's). */
        public Builder secretsEndpoint(Optional<URI> value) {
            secretsEndpoint = value;
            return this;
        }

        /** The {@code GC_DOWNLOAD_*} variables, default {@link Download#defaults()}. */
        public Builder download(Download value) {
            download = value;
            return this;
        }

        /** {@code GC_MULTIPART_THRESHOLD_BYTES}, default 64 MiB. */
        public Builder multipartThresholdBytes(long value) {
            multipartThresholdBytes = value;
            return this;
        }

        /** {@code GC_CLAIM_LEASE_SECONDS}, default 900 s. */
        public Builder claimLease(Duration value) {
            claimLease = value;
            return this;
        }

        /** {@code GC_CLAIM_WAIT_SECONDS}, default 30 s. */
        public Builder claimWait(Duration value) {
            claimWait = value;
            return this;
        }

        /** {@code GC_PUBLISH_TIMEOUT_MS}, default 10 s. */
        public Builder publishTimeout(Duration value) {
            publishTimeout = value;
            return this;
        }

        /** {@code GC_TIME_RESERVE_MS}, {@code GC_SOURCE_ATTEMPTS} and {@code GC_OWN_NETWORK_*}, as one value. */
        public Builder resilience(Resilience value) {
            resilience = value;
            return this;
        }

        /** {@code GC_ADD_INTEGRITY}, default true. */
        public Builder addIntegrity(boolean value) {
            addIntegrity = value;
            return this;
        }

        /** {@code GC_PUBTIME_FUTURE_TOLERANCE_SECONDS}, default 1 hour. */
        public Builder futurePubtimeTolerance(Duration value) {
            futurePubtimeTolerance = value;
            return this;
        }

        /** {@code GC_TMP_CAPACITY_BYTES}, default 512 MiB. */
        public Builder tmpCapacityBytes(long value) {
            tmpCapacityBytes = value;
            return this;
        }

        /** @throws ConfigException naming the variable of the first invalid value */
        public ManagerConfig build() {
            return new ManagerConfig(centreId, bucket, publicBaseUrl, redisUrl, redisTokenSecretArn, brokerUrl,
                    brokerUser, brokerPasswordSecretArn, brokerPassword, brokerCaFile, maxObjectBytes, topicBlocklist,
                    retention, allowPrivateSources, s3Endpoint, secretsEndpoint, download, multipartThresholdBytes,
                    claimLease, claimWait, publishTimeout, resilience, addIntegrity, futurePubtimeTolerance,
                    tmpCapacityBytes);
        }
    }

    private static void httpUri(String variable, URI uri) {
        require(variable, ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                "must be an http(s) URL with a host" + found(uri));
    }

    /**
     * The product writes broker URLs as {@code mqtt://} and {@code mqtts://} (the listener and the CDK
     * app do); Paho wants {@code tcp://} and {@code ssl://}, which are accepted as they are.
     */
    private static String pahoUri(String value) {
        URI uri = GcEnv.uri("GC_BROKER_URL", value);
        String pahoScheme = switch (String.valueOf(uri.getScheme())) {
            case "mqtt", "tcp" -> "tcp";
            case "mqtts", "ssl" -> "ssl";
            default -> null;
        };
        require("GC_BROKER_URL", pahoScheme != null && uri.getHost() != null && uri.getPort() >= 0,
                "must be a mqtt://host:port or mqtts://host:port URL" + found(value));
        return pahoScheme + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static void notBlank(String variable, String value) {
        require(variable, value != null && !value.isBlank(), "is required");
    }

    private static void positiveMillis(String variable, Duration value) {
        require(variable, value != null, "is required");
        atLeast(variable, value.toMillis(), 1);
    }
}
