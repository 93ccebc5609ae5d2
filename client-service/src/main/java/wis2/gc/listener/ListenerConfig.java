package wis2.gc.listener;

import static wis2.gc.config.GcEnv.atLeast;
import static wis2.gc.config.GcEnv.between;
import static wis2.gc.config.GcEnv.require;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import wis2.gc.config.ConfigException;
import wis2.gc.config.GcEnv;

/**
 * Everything one listener needs, loaded once at start-up. {@link #builder()} holds the defaults;
 * {@link #fromEnvironment(Map)} reads the {@code GC_*} variables (and {@code AWS_REGION}) into it,
 * and the one-machine runtime calls the builder itself. The variables, defaults and allowed values
 * are the table in docs/operations.md ("Configuration variables"). Every invalid value is a
 * {@link ConfigException} naming its variable. {@link #toString()} never shows the broker password.
 *
 * @param centreId        this cache's centre-id: part of the client id, and the
 *                        {@code properties.global-cache} value of our own republications
 * @param brokerName      short name of the Global Broker: client id, SQS attribute, metric label
 * @param serverUri       Paho server URI, {@code tcp://host:port} or {@code ssl://host:port}
 * @param username        broker user, when the URL carries one
 * @param password        broker password, when the URL carries one
 * @param subscriptions   topic filters, all subscribed with QoS 1
 * @param queueUrl        the SQS FIFO queue
 * @param caFile          PEM file of the CA that signs the broker's certificate (else the JDK trust store)
 * @param sqsEndpoint     SQS endpoint override (one-machine runtime)
 * @param region          AWS region of the queue
 * @param maxMessageBytes the work queue's maximum message size: a notification whose SQS message (body
 *                        and attributes) would be larger is dropped early ({@code too-large}) and reported
 * @param httpPort        port of {@code /health} and {@code /metrics}; 0 picks a free one
 * @param batchLinger     how long a batch waits for company before it is sent
 * @param senders         SendMessageBatch calls in flight at once
 * @param maxPending      messages held in memory between MQTT and SQS
 * @param stopTimeout     how long a graceful stop may spend flushing
 * @param reconnectMax    ceiling of the reconnect backoff (also the pause after refused credentials)
 * @param reconnectStable how long a connection must last before the backoff starts again from its
 *                        first step; a shorter one (a takeover by a second client with our id, a
 *                        broker closing at once) keeps the backoff growing, past {@code reconnectMax}
 * @param healthIdle      how long {@code /health} stays UP without progress (a message forwarded or
 *                        dropped on purpose, or the connection itself)
 * @param emfInterval     how often the metrics are written to stdout in CloudWatch Embedded Metric
 *                        Format; zero writes none
 * @param monitorBroker   the cache's own broker, where a notification the cache cannot take is
 *                        reported with a WIS2 monitoring event (none: the drop is only logged and counted)
 */
public record ListenerConfig(
        String centreId,
        String brokerName,
        String serverUri,
        Optional<String> username,
        Optional<String> password,
        List<String> subscriptions,
        URI queueUrl,
        Optional<Path> caFile,
        Optional<URI> sqsEndpoint,
        String region,
        int maxMessageBytes,
        int httpPort,
        Duration batchLinger,
        int senders,
        int maxPending,
        Duration stopTimeout,
        Duration reconnectMax,
        Duration reconnectStable,
        Duration healthIdle,
        Duration emfInterval,
        Optional<BrokerAddress> monitorBroker) {

    /** The largest message SQS takes (body plus attributes), and the work queue's setting. */
    public static final int SQS_MAX_MESSAGE_BYTES = 1_048_576;
    static final int MIN_MESSAGE_BYTES = 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ListenerConfig {
        require("GC_CENTRE_ID", centreId != null && NAME.matcher(centreId).matches(),
                "must be 1-64 letters, digits, '.', '_' or '-'");
        require("GC_BROKER_NAME", brokerName != null && NAME.matcher(brokerName).matches(),
                "must be 1-64 letters, digits, '.', '_' or '-'");
        require("GC_BROKER_URL", serverUri != null
                && (serverUri.startsWith("tcp://") || serverUri.startsWith("ssl://")), "must be tcp:// or ssl://");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        require("GC_SUBSCRIPTIONS", subscriptions != null && !subscriptions.isEmpty(),
                "needs at least one topic filter");
        subscriptions = List.copyOf(subscriptions);
        for (String filter : subscriptions) {
            require("GC_SUBSCRIPTIONS", validFilter(filter), "'" + filter + "' is not an MQTT topic filter");
        }
        require("GC_QUEUE_URL", queueUrl != null && queueUrl.isAbsolute() && queueUrl.getHost() != null,
                "must be an absolute http(s) URL");
        Objects.requireNonNull(caFile, "caFile");
        caFile.ifPresent(file -> require("GC_CA_FILE", Files.isReadable(file), "cannot read " + file));
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        require("AWS_REGION", region != null && !region.isBlank(), "must name the region of the queue");
        require("GC_QUEUE_MAX_MESSAGE_BYTES",
                maxMessageBytes >= MIN_MESSAGE_BYTES && maxMessageBytes <= SQS_MAX_MESSAGE_BYTES,
                "must be between " + MIN_MESSAGE_BYTES + " and " + SQS_MAX_MESSAGE_BYTES
                        + " (the queue's maximum message size)" + GcEnv.found(maxMessageBytes));
        between("GC_HTTP_PORT", httpPort, 0, 65535);
        require("GC_BATCH_LINGER_MS", batchLinger != null, "is required");
        between("GC_BATCH_LINGER_MS", batchLinger.toMillis(), 0, 1000);
        between("GC_SQS_SENDERS", senders, 1, 64);
        between("GC_MAX_PENDING", maxPending, 10, 1_000_000);
        positive("GC_STOP_TIMEOUT_SECONDS", stopTimeout);
        positive("GC_RECONNECT_MAX_SECONDS", reconnectMax);
        positive("GC_RECONNECT_STABLE_SECONDS", reconnectStable);
        positive("GC_HEALTH_IDLE_SECONDS", healthIdle);
        require("GC_EMF_INTERVAL_SECONDS", emfInterval != null, "is required");
        atLeast("GC_EMF_INTERVAL_SECONDS", emfInterval.toSeconds(), 0);
        Objects.requireNonNull(monitorBroker, "monitorBroker");
    }

    /**
     * An MQTT broker as Paho takes it, parsed from an {@code mqtt://} or {@code mqtts://} URL with
     * optional {@code user:password@}. {@link #toString()} never shows the password.
     */
    public record BrokerAddress(String serverUri, Optional<String> username, Optional<String> password) {
        public BrokerAddress {
            Objects.requireNonNull(serverUri, "serverUri");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /** Reads {@code value} as the URL of {@code variable}; errors name the variable, never the password. */
        public static BrokerAddress parse(String variable, String value) {
            URI url = GcEnv.uri(variable, value);
            String scheme = String.valueOf(url.getScheme()).toLowerCase();
            boolean tls = switch (scheme) {
                case "mqtt" -> false;
                case "mqtts" -> true;
                default -> throw new ConfigException(variable, "scheme must be mqtt or mqtts, not " + scheme);
            };
            require(variable, url.getHost() != null, "has no host");
            require(variable, url.getPath() == null || url.getPath().isEmpty() || url.getPath().equals("/"),
                    "must not have a path");
            int port = url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883;
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            if (url.getRawUserInfo() != null) {
                String[] parts = url.getRawUserInfo().split(":", 2);
                user = Optional.of(decode(parts[0]));
                password = parts.length == 2 ? Optional.of(decode(parts[1])) : Optional.empty();
            }
            return new BrokerAddress((tls ? "ssl://" : "tcp://") + url.getHost() + ":" + port, user, password);
        }

        @Override
        public String toString() {
            return serverUri + " (user " + username.orElse("-") + ", password " + (password.isPresent() ? "***" : "-")
                    + ")";
        }
    }

    /** A builder holding every default; the required values have none. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from environment variables; throws {@link ConfigException}
     * naming the first variable that is missing or malformed.
     */
    public static ListenerConfig fromEnvironment(Map<String, String> variables) {
        GcEnv env = GcEnv.of(variables);
        Builder b = builder()
                .centreId(env.required("GC_CENTRE_ID"))
                .brokerName(env.required("GC_BROKER_NAME"))
                .broker(BrokerAddress.parse("GC_BROKER_URL", env.required("GC_BROKER_URL")))
                .queueUrl(GcEnv.uri("GC_QUEUE_URL", env.required("GC_QUEUE_URL")))
                .caFile(env.optional("GC_CA_FILE").map(Path::of))
                .sqsEndpoint(env.uri("GC_SQS_ENDPOINT"))
                .region(env.required("AWS_REGION"));
        // user and password may come apart from the URL: in ECS the password is a secret of its own
        b.monitorBroker(env.optional("GC_MONITOR_BROKER_URL")
                .map(url -> BrokerAddress.parse("GC_MONITOR_BROKER_URL", url))
                .map(address -> new BrokerAddress(address.serverUri(),
                        env.optional("GC_MONITOR_BROKER_USER").or(address::username),
                        env.optional("GC_MONITOR_BROKER_PASSWORD").or(address::password))));
        env.list("GC_SUBSCRIPTIONS").ifPresent(b::subscriptions);
        env.integer("GC_QUEUE_MAX_MESSAGE_BYTES").ifPresent(b::maxMessageBytes);
        env.integer("GC_HTTP_PORT").ifPresent(b::httpPort);
        env.duration("GC_BATCH_LINGER_MS", ChronoUnit.MILLIS).ifPresent(b::batchLinger);
        env.integer("GC_SQS_SENDERS").ifPresent(b::senders);
        env.integer("GC_MAX_PENDING").ifPresent(b::maxPending);
        env.duration("GC_STOP_TIMEOUT_SECONDS", ChronoUnit.SECONDS).ifPresent(b::stopTimeout);
        env.duration("GC_RECONNECT_MAX_SECONDS", ChronoUnit.SECONDS).ifPresent(b::reconnectMax);
        env.duration("GC_RECONNECT_STABLE_SECONDS", ChronoUnit.SECONDS).ifPresent(b::reconnectStable);
        env.duration("GC_HEALTH_IDLE_SECONDS", ChronoUnit.SECONDS).ifPresent(b::healthIdle);
        env.duration("GC_EMF_INTERVAL_SECONDS", ChronoUnit.SECONDS).ifPresent(b::emfInterval);
        return b.build();
    }

    /** Builds a {@link ListenerConfig}. Each setter names its variable; the defaults are written here only. */
    public static final class Builder {
        private String centreId;
        private String brokerName;
        private String serverUri;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private List<String> subscriptions = List.of("origin/a/wis2/#", "cache/a/wis2/#");
        private URI queueUrl;
        private Optional<Path> caFile = Optional.empty();
        private Optional<URI> sqsEndpoint = Optional.empty();
        private String region;
        private int maxMessageBytes = SQS_MAX_MESSAGE_BYTES;
        private int httpPort = 8080;
        private Duration batchLinger = Duration.ofMillis(5);
        private int senders = 8;
        private int maxPending = 10_000;
        private Duration stopTimeout = Duration.ofSeconds(20);
        private Duration reconnectMax = Duration.ofSeconds(60);
        private Duration reconnectStable = Duration.ofSeconds(60);
        private Duration healthIdle = Duration.ofMinutes(10);
        private Duration emfInterval = Duration.ofMinutes(1);
        private Optional<BrokerAddress> monitorBroker = Optional.empty();

        private Builder() {
        }

        /** {@code GC_CENTRE_ID}, required. */
        public Builder centreId(String value) {
            centreId = value;
            return this;
        }

        /** {@code GC_BROKER_NAME}, required. */
        public Builder brokerName(String value) {
            brokerName = value;
            return this;
        }

        /** {@code GC_BROKER_URL} as read: the Paho server URI and the URL's user and password. */
        public Builder broker(BrokerAddress value) {
            serverUri = value.serverUri();
            username = value.username();
            password = value.password();
            return this;
        }

        /** {@code GC_SUBSCRIPTIONS}, default {@code origin/a/wis2/#} and {@code cache/a/wis2/#}. */
        public Builder subscriptions(List<String> value) {
            subscriptions = value;
            return this;
        }

        /** {@code GC_QUEUE_URL}, required. */
        public Builder queueUrl(URI value) {
            queueUrl = value;
            return this;
        }

        /** {@code GC_CA_FILE}, default none (the JDK's trust store). */
        public Builder caFile(Optional<Path> value) {
            caFile = value;
            return this;
        }

        /** {@code GC_SQS_ENDPOINT}, default none (the region's). */
        public Builder sqsEndpoint(Optional<URI> value) {
            sqsEndpoint = value;
            return this;
        }

        /** {@code AWS_REGION}, required. */
        public Builder region(String value) {
            region = value;
            return this;
        }

        /** {@code GC_QUEUE_MAX_MESSAGE_BYTES}, default {@link #SQS_MAX_MESSAGE_BYTES}. */
        public Builder maxMessageBytes(int value) {
            maxMessageBytes = value;
            return this;
        }

        /** {@code GC_HTTP_PORT}, default 8080; 0 picks a free one. */
        public Builder httpPort(int value) {
            httpPort = value;
            return this;
        }

        /** {@code GC_BATCH_LINGER_MS}, default 5 ms. */
        public Builder batchLinger(Duration value) {
            batchLinger = value;
            return this;
        }

        /** {@code GC_SQS_SENDERS}, default 8. */
        public Builder senders(int value) {
            senders = value;
            return this;
        }

        /** {@code GC_MAX_PENDING}, default 10000. */
        public Builder maxPending(int value) {
            maxPending = value;
            return this;
        }

        /** {@code GC_STOP_TIMEOUT_SECONDS}, default 20 s. */
        public Builder stopTimeout(Duration value) {
            stopTimeout = value;
            return this;
        }

        /** {@code GC_RECONNECT_MAX_SECONDS}, default 60 s. */
        public Builder reconnectMax(Duration value) {
            reconnectMax = value;
            return this;
        }

        /** {@code GC_RECONNECT_STABLE_SECONDS}, default 60 s. */
        public Builder reconnectStable(Duration value) {
            reconnectStable = value;
            return this;
        }

        /** {@code GC_HEALTH_IDLE_SECONDS}, default 600 s. */
        public Builder healthIdle(Duration value) {
            healthIdle = value;
            return this;
        }

        /** {@code GC_EMF_INTERVAL_SECONDS}, default 60 s; zero writes no metrics lines. */
        public Builder emfInterval(Duration value) {
            emfInterval = value;
            return this;
        }

        /** {@code GC_MONITOR_BROKER_URL} with its user and password, default none. */
        public Builder monitorBroker(Optional<BrokerAddress> value) {
            monitorBroker = value;
            return this;
        }

        /** @throws ConfigException naming the variable of the first invalid value */
        public ListenerConfig build() {
            return new ListenerConfig(centreId, brokerName, serverUri, username, password, subscriptions, queueUrl,
                    caFile, sqsEndpoint, region, maxMessageBytes, httpPort, batchLinger, senders, maxPending,
                    stopTimeout, reconnectMax, reconnectStable, healthIdle, emfInterval, monitorBroker);
        }
    }

    /** Stable per centre and broker, so a restarted listener resumes the broker's session. */
    public String clientId() {
        return centreId + "-" + brokerName;
    }

    @Override
    public String toString() {
        return "ListenerConfig[centreId=" + centreId + ", brokerName=" + brokerName + ", serverUri=" + serverUri
                + ", username=" + username.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-")
                + ", subscriptions=" + subscriptions + ", queueUrl=" + queueUrl + ", caFile=" + caFile
                + ", sqsEndpoint=" + sqsEndpoint + ", region=" + region + ", maxMessageBytes=" + maxMessageBytes
                + ", httpPort=" + httpPort + ", batchLinger=" + batchLinger + ", senders=" + senders
                + ", maxPending=" + maxPending + ", stopTimeout=" + stopTimeout + ", reconnectMax=" + reconnectMax
                + ", reconnectStable=" + reconnectStable + ", healthIdle=" + healthIdle + ", emfInterval=" + emfInterval
                + ", monitorBroker=" + monitorBroker.map(BrokerAddress::toString).orElse("-") + "]";
    }

    /** '#' only as the whole last level, '+' only as a whole level, no empty filter. */
    private static boolean validFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)
                    || level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    private static void positive(String variable, Duration value) {
        require(variable, value != null, "is required");
        // a part of a second is positive too: the builder may be handed one
        require(variable, value.isPositive(), "must be at least 1" + GcEnv.found(value.toSeconds()));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
