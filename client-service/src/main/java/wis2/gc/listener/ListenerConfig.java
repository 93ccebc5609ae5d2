package wis2.gc.listener;

import static wis2.gc.listener.EnvValues.integer;
import static wis2.gc.listener.EnvValues.optional;
import static wis2.gc.listener.EnvValues.require;
import static wis2.gc.listener.EnvValues.uri;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one listener needs, loaded once at start-up. {@link #fromEnvironment(Map)} reads the
 * {@code GC_*} variables (and {@code AWS_REGION}); the one-machine runtime may build the record
 * directly. {@link #toString()} never shows the broker password.
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
    static final String DEFAULT_SUBSCRIPTIONS = "origin/a/wis2/#,cache/a/wis2/#";
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
        require("GC_SUBSCRIPTIONS", subscriptions != null && !subscriptions.isEmpty(), "needs at least one topic filter");
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
        require("GC_QUEUE_MAX_MESSAGE_BYTES", maxMessageBytes >= MIN_MESSAGE_BYTES
                && maxMessageBytes <= SQS_MAX_MESSAGE_BYTES, "must be between " + MIN_MESSAGE_BYTES + " and "
                + SQS_MAX_MESSAGE_BYTES + " (the queue's maximum message size)");
        require("GC_HTTP_PORT", httpPort >= 0 && httpPort <= 65535, "must be between 0 and 65535");
        require("GC_BATCH_LINGER_MS", batchLinger != null && !batchLinger.isNegative()
                && batchLinger.toMillis() <= 1000, "must be between 0 and 1000");
        require("GC_SQS_SENDERS", senders >= 1 && senders <= 64, "must be between 1 and 64");
        require("GC_MAX_PENDING", maxPending >= 10 && maxPending <= 1_000_000, "must be between 10 and 1000000");
        require("GC_STOP_TIMEOUT_SECONDS", stopTimeout != null && stopTimeout.isPositive(), "must be positive");
        require("GC_RECONNECT_MAX_SECONDS", reconnectMax != null && reconnectMax.isPositive(), "must be positive");
        require("GC_RECONNECT_STABLE_SECONDS", reconnectStable != null && reconnectStable.isPositive(), "must be positive");
        require("GC_HEALTH_IDLE_SECONDS", healthIdle != null && healthIdle.isPositive(), "must be positive");
        require("GC_EMF_INTERVAL_SECONDS", emfInterval != null && !emfInterval.isNegative(), "must be 0 or more");
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
        static BrokerAddress parse(String variable, String value) {
            URI url = uri(variable, value);
            String scheme = String.valueOf(url.getScheme()).toLowerCase();
            boolean tls = switch (scheme) {
                case "mqtt" -> false;
                case "mqtts" -> true;
                default -> throw new InvalidConfigException(variable, "scheme must be mqtt or mqtts, not " + scheme);
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
            return serverUri + " (user " + username.orElse("-") + ", password " + (password.isPresent() ? "***" : "-") + ")";
        }
    }

    /**
     * Reads the configuration from environment variables; throws {@link InvalidConfigException}
     * naming the first variable that is missing or malformed.
     */
    public static ListenerConfig fromEnvironment(Map<String, String> env) {
        BrokerAddress broker = BrokerAddress.parse("GC_BROKER_URL", required(env, "GC_BROKER_URL"));
        // user and password may come apart from the URL: in ECS the password is a secret of its own
        Optional<BrokerAddress> monitor = optional(env, "GC_MONITOR_BROKER_URL")
                .map(url -> BrokerAddress.parse("GC_MONITOR_BROKER_URL", url))
                .map(address -> new BrokerAddress(address.serverUri(),
                        optional(env, "GC_MONITOR_BROKER_USER").or(address::username),
                        optional(env, "GC_MONITOR_BROKER_PASSWORD").or(address::password)));
        return new ListenerConfig(
                required(env, "GC_CENTRE_ID"),
                required(env, "GC_BROKER_NAME"),
                broker.serverUri(),
                broker.username(),
                broker.password(),
                Arrays.stream(env.getOrDefault("GC_SUBSCRIPTIONS", DEFAULT_SUBSCRIPTIONS).split(","))
                        .map(String::strip).toList(),
                uri("GC_QUEUE_URL", required(env, "GC_QUEUE_URL")),
                optional(env, "GC_CA_FILE").map(Path::of),
                optional(env, "GC_SQS_ENDPOINT").map(value -> uri("GC_SQS_ENDPOINT", value)),
                required(env, "AWS_REGION"),
                integer(env, "GC_QUEUE_MAX_MESSAGE_BYTES", SQS_MAX_MESSAGE_BYTES),
                integer(env, "GC_HTTP_PORT", 8080),
                Duration.ofMillis(integer(env, "GC_BATCH_LINGER_MS", 5)),
                integer(env, "GC_SQS_SENDERS", 8),
                integer(env, "GC_MAX_PENDING", 10_000),
                Duration.ofSeconds(integer(env, "GC_STOP_TIMEOUT_SECONDS", 20)),
                Duration.ofSeconds(integer(env, "GC_RECONNECT_MAX_SECONDS", 60)),
                Duration.ofSeconds(integer(env, "GC_RECONNECT_STABLE_SECONDS", 60)),
                Duration.ofSeconds(integer(env, "GC_HEALTH_IDLE_SECONDS", 600)),
                Duration.ofSeconds(integer(env, "GC_EMF_INTERVAL_SECONDS", 60)),
                monitor);
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

    private static String required(Map<String, String> env, String variable) {
        return optional(env, variable).orElseThrow(() -> new InvalidConfigException(variable, "is required"));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
