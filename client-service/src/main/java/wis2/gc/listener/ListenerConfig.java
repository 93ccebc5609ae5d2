package wis2.gc.listener;

import java.net.URI;
import java.net.URISyntaxException;
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
 * @param maxPayloadBytes larger messages are dropped early ({@code too-large})
 * @param httpPort        port of {@code /health} and {@code /metrics}; 0 picks a free one
 * @param batchLinger     how long a batch waits for company before it is sent
 * @param senders         SendMessageBatch calls in flight at once
 * @param maxPending      messages held in memory between MQTT and SQS
 * @param stopTimeout     how long a graceful stop may spend flushing
 * @param reconnectMax    ceiling of the reconnect backoff (also the pause after refused credentials)
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
        int maxPayloadBytes,
        int httpPort,
        Duration batchLinger,
        int senders,
        int maxPending,
        Duration stopTimeout,
        Duration reconnectMax) {

    /** SQS refuses a message (body plus attributes) over 256 KiB; leave room for the attributes. */
    static final int PAYLOAD_CEILING = 250_000;
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
        require("GC_MAX_PAYLOAD_BYTES", maxPayloadBytes >= 1 && maxPayloadBytes <= PAYLOAD_CEILING,
                "must be between 1 and " + PAYLOAD_CEILING);
        require("GC_HTTP_PORT", httpPort >= 0 && httpPort <= 65535, "must be between 0 and 65535");
        require("GC_BATCH_LINGER_MS", batchLinger != null && !batchLinger.isNegative()
                && batchLinger.toMillis() <= 1000, "must be between 0 and 1000");
        require("GC_SQS_SENDERS", senders >= 1 && senders <= 64, "must be between 1 and 64");
        require("GC_MAX_PENDING", maxPending >= 10 && maxPending <= 1_000_000, "must be between 10 and 1000000");
        require("GC_STOP_TIMEOUT_SECONDS", stopTimeout != null && stopTimeout.isPositive(), "must be positive");
        require("GC_RECONNECT_MAX_SECONDS", reconnectMax != null && reconnectMax.isPositive(), "must be positive");
    }

    /**
     * Reads the configuration from environment variables; throws {@link InvalidConfigException}
     * naming the first variable that is missing or malformed.
     */
    public static ListenerConfig fromEnvironment(Map<String, String> env) {
        URI brokerUrl = uri("GC_BROKER_URL", required(env, "GC_BROKER_URL"));
        String scheme = String.valueOf(brokerUrl.getScheme()).toLowerCase();
        boolean tls = switch (scheme) {
            case "mqtt" -> false;
            case "mqtts" -> true;
            default -> throw new InvalidConfigException("GC_BROKER_URL", "scheme must be mqtt or mqtts, not " + scheme);
        };
        require("GC_BROKER_URL", brokerUrl.getHost() != null, "has no host");
        require("GC_BROKER_URL", brokerUrl.getPath() == null || brokerUrl.getPath().isEmpty()
                || brokerUrl.getPath().equals("/"), "must not have a path");
        int port = brokerUrl.getPort() > 0 ? brokerUrl.getPort() : tls ? 8883 : 1883;
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (brokerUrl.getRawUserInfo() != null) {
            String[] parts = brokerUrl.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            password = parts.length == 2 ? Optional.of(decode(parts[1])) : Optional.empty();
        }
        return new ListenerConfig(
                required(env, "GC_CENTRE_ID"),
                required(env, "GC_BROKER_NAME"),
                (tls ? "ssl://" : "tcp://") + brokerUrl.getHost() + ":" + port,
                user,
                password,
                Arrays.stream(env.getOrDefault("GC_SUBSCRIPTIONS", DEFAULT_SUBSCRIPTIONS).split(","))
                        .map(String::strip).toList(),
                uri("GC_QUEUE_URL", required(env, "GC_QUEUE_URL")),
                optional(env, "GC_CA_FILE").map(Path::of),
                optional(env, "GC_SQS_ENDPOINT").map(value -> uri("GC_SQS_ENDPOINT", value)),
                required(env, "AWS_REGION"),
                integer(env, "GC_MAX_PAYLOAD_BYTES", 131_072),
                integer(env, "GC_HTTP_PORT", 8080),
                Duration.ofMillis(integer(env, "GC_BATCH_LINGER_MS", 5)),
                integer(env, "GC_SQS_SENDERS", 8),
                integer(env, "GC_MAX_PENDING", 10_000),
                Duration.ofSeconds(integer(env, "GC_STOP_TIMEOUT_SECONDS", 20)),
                Duration.ofSeconds(integer(env, "GC_RECONNECT_MAX_SECONDS", 60)));
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
                + ", sqsEndpoint=" + sqsEndpoint + ", region=" + region + ", maxPayloadBytes=" + maxPayloadBytes
                + ", httpPort=" + httpPort + ", batchLinger=" + batchLinger + ", senders=" + senders
                + ", maxPending=" + maxPending + ", stopTimeout=" + stopTimeout + ", reconnectMax=" + reconnectMax + "]";
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

    private static void require(String variable, boolean ok, String problem) {
        if (!ok) {
            throw new InvalidConfigException(variable, problem);
        }
    }

    private static String required(Map<String, String> env, String variable) {
        return optional(env, variable).orElseThrow(() -> new InvalidConfigException(variable, "is required"));
    }

    private static Optional<String> optional(Map<String, String> env, String variable) {
        return Optional.ofNullable(env.get(variable)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static int integer(Map<String, String> env, String variable, int fallback) {
        Optional<String> value = optional(env, variable);
        try {
            return value.isEmpty() ? fallback : Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(variable, "'" + value.get() + "' is not an integer");
        }
    }

    private static URI uri(String variable, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            // the broker URL holds a password: name the position, never echo the value
            throw new InvalidConfigException(variable, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
