package wis2.gc.replay;

import static wis2.gc.config.GcEnv.between;
import static wis2.gc.config.GcEnv.require;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import wis2.gc.config.ConfigException;
import wis2.gc.config.GcEnv;

/**
 * How a listener backfills gaps from the WIS2 Global Replay service, read once at start-up.
 * {@link #builder()} holds the defaults; {@link #fromEnvironment} reads the variables into it and
 * returns empty when {@code GC_GLOBAL_REPLAY_URL} is unset (no backfill). The variables, defaults
 * and allowed values are the table in docs/operations.md ("Configuration variables").
 * {@link #toString()} never shows the Redis token.
 *
 * @param url             base URL of the service ({@code {url}/collections/wis2-notification-messages/items})
 * @param serviceName     the SQS {@code broker} attribute of what the backfill enqueues
 * @param redisUrl        where the feed marks, window locks and pending gaps live (the cache's Redis)
 * @param redisToken      Redis AUTH token, when the server wants one
 * @param margin          how far before the last forwarded message a gap starts (publishers' clocks, relay delays)
 * @param threshold       a disconnection longer than this is a gap even when the broker kept the session
 *                        (its queue may have overflowed)
 * @param maxGap          a longer gap is cut to its most recent {@code maxGap}; the older part is logged and
 *                        counted ({@code truncated}) for an operator to ask for by hand
 * @param window          one request's {@code datetime} interval (the WMO Guide allows at most 15 minutes)
 * @param settle          after a connection, how long to wait for the new session's first message, whose
 *                        arrival ends the gap
 * @param pageSize        the {@code limit} of one request
 * @param requestInterval least time between two requests to the service
 * @param timeout         connect and answer timeout of one request
 * @param retryMax        ceiling of the pause before a failed window is tried again
 */
public record ReplayConfig(
        URI url,
        String serviceName,
        URI redisUrl,
        Optional<String> redisToken,
        Duration margin,
        Duration threshold,
        Duration maxGap,
        Duration window,
        Duration settle,
        int pageSize,
        Duration requestInterval,
        Duration timeout,
        Duration retryMax) {

    /** The WMO Guide's longest replay request. */
    static final Duration MAX_WINDOW = Duration.ofMinutes(15);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ReplayConfig {
        require("GC_GLOBAL_REPLAY_URL", url != null && url.isAbsolute() && url.getHost() != null
                && ("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getRawQuery() == null
                && url.getRawUserInfo() == null, "must be an http(s) URL without query or credentials");
        url = URI.create(url.toString().replaceAll("/+$", ""));
        require("GC_GLOBAL_REPLAY_NAME", serviceName != null && NAME.matcher(serviceName).matches(),
                "must be 1-64 letters, digits, '.', '_' or '-'");
        require("GC_REDIS_URL", redisUrl != null && ("redis".equals(redisUrl.getScheme())
                || "rediss".equals(redisUrl.getScheme())),
                "must be a redis:// or rediss:// URL (backfill needs Redis)");
        Objects.requireNonNull(redisToken, "redisToken");
        require("GC_REPLAY_MARGIN_MINUTES", margin != null, "is required");
        between("GC_REPLAY_MARGIN_MINUTES", margin.toMinutes(), 0, 60);
        require("GC_REPLAY_THRESHOLD_MINUTES", threshold != null, "is required");
        between("GC_REPLAY_THRESHOLD_MINUTES", threshold.toMinutes(), 1, 1440);
        require("GC_REPLAY_MAX_GAP_HOURS", maxGap != null, "is required");
        require("GC_REPLAY_MAX_GAP_HOURS", maxGap.toHours() >= 1 && maxGap.toHours() <= 72,
                "must be between 1 and 72 (the service keeps 3 days)" + GcEnv.found(maxGap.toHours()));
        require("GC_REPLAY_WINDOW_MINUTES", window != null, "is required");
        require("GC_REPLAY_WINDOW_MINUTES", window.isPositive() && window.compareTo(MAX_WINDOW) <= 0
                && window.toMillis() % 1000 == 0, "must be between 1 and 15" + GcEnv.found(window.toMinutes()));
        require("GC_REPLAY_SETTLE_SECONDS", settle != null, "is required");
        between("GC_REPLAY_SETTLE_SECONDS", settle.toSeconds(), 0, 300);
        between("GC_REPLAY_PAGE_SIZE", pageSize, 1, 10_000);
        require("GC_REPLAY_REQUEST_INTERVAL_MS", requestInterval != null, "is required");
        between("GC_REPLAY_REQUEST_INTERVAL_MS", requestInterval.toMillis(), 0, 60_000);
        require("GC_REPLAY_TIMEOUT_SECONDS", timeout != null, "is required");
        between("GC_REPLAY_TIMEOUT_SECONDS", timeout.toSeconds(), 1, 300);
        require("GC_REPLAY_RETRY_MAX_SECONDS", retryMax != null, "is required");
        between("GC_REPLAY_RETRY_MAX_SECONDS", retryMax.toSeconds(), 1, 3600);
    }

    /** A builder holding every default; the service's URL and Redis have none. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code GC_GLOBAL_REPLAY_*}, {@code GC_REPLAY_*} and {@code GC_REDIS_*} variables;
     * empty when {@code GC_GLOBAL_REPLAY_URL} is unset. Throws {@link ConfigException}
     * naming the first variable that is malformed.
     */
    public static Optional<ReplayConfig> fromEnvironment(Map<String, String> variables) {
        GcEnv env = GcEnv.of(variables);
        Optional<URI> url = env.uri("GC_GLOBAL_REPLAY_URL");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Builder b = builder()
                .url(url.get())
                .redisUrl(env.uri("GC_REDIS_URL").orElseThrow(
                        () -> new ConfigException("GC_REDIS_URL", "is required with GC_GLOBAL_REPLAY_URL")))
                .redisToken(env.optional("GC_REDIS_TOKEN"));
        env.optional("GC_GLOBAL_REPLAY_NAME").ifPresent(b::serviceName);
        env.duration("GC_REPLAY_MARGIN_MINUTES", ChronoUnit.MINUTES).ifPresent(b::margin);
        env.duration("GC_REPLAY_THRESHOLD_MINUTES", ChronoUnit.MINUTES).ifPresent(b::threshold);
        env.duration("GC_REPLAY_MAX_GAP_HOURS", ChronoUnit.HOURS).ifPresent(b::maxGap);
        env.duration("GC_REPLAY_WINDOW_MINUTES", ChronoUnit.MINUTES).ifPresent(b::window);
        env.duration("GC_REPLAY_SETTLE_SECONDS", ChronoUnit.SECONDS).ifPresent(b::settle);
        env.integer("GC_REPLAY_PAGE_SIZE").ifPresent(b::pageSize);
        env.duration("GC_REPLAY_REQUEST_INTERVAL_MS", ChronoUnit.MILLIS).ifPresent(b::requestInterval);
        env.duration("GC_REPLAY_TIMEOUT_SECONDS", ChronoUnit.SECONDS).ifPresent(b::timeout);
        env.duration("GC_REPLAY_RETRY_MAX_SECONDS", ChronoUnit.SECONDS).ifPresent(b::retryMax);
        return Optional.of(b.build());
    }

    /** Builds a {@link ReplayConfig}. Each setter names its variable; the defaults are written here only. */
    public static final class Builder {
        private URI url;
        private String serviceName = "global-replay";
        private URI redisUrl;
        private Optional<String> redisToken = Optional.empty();
        private Duration margin = Duration.ofMinutes(5);
        private Duration threshold = Duration.ofMinutes(10);
        private Duration maxGap = Duration.ofHours(6);
        private Duration window = MAX_WINDOW;
        private Duration settle = Duration.ofSeconds(10);
        private int pageSize = 500;
        private Duration requestInterval = Duration.ofSeconds(1);
        private Duration timeout = Duration.ofSeconds(30);
        private Duration retryMax = Duration.ofMinutes(10);

        private Builder() {
        }

        /** {@code GC_GLOBAL_REPLAY_URL}, required. */
        public Builder url(URI value) {
            url = value;
            return this;
        }

        /** {@code GC_GLOBAL_REPLAY_NAME}, default {@code global-replay}. */
        public Builder serviceName(String value) {
            serviceName = value;
            return this;
        }

        /** {@code GC_REDIS_URL}, required. */
        public Builder redisUrl(URI value) {
            redisUrl = value;
            return this;
        }

        /** {@code GC_REDIS_TOKEN}, default none. */
        public Builder redisToken(Optional<String> value) {
            redisToken = value;
            return this;
        }

        /** {@code GC_REPLAY_MARGIN_MINUTES}, default 5 minutes. */
        public Builder margin(Duration value) {
            margin = value;
            return this;
        }

        /** {@code GC_REPLAY_THRESHOLD_MINUTES}, default 10 minutes. */
        public Builder threshold(Duration value) {
            threshold = value;
            return this;
        }

        /** {@code GC_REPLAY_MAX_GAP_HOURS}, default 6 hours. */
        public Builder maxGap(Duration value) {
            maxGap = value;
            return this;
        }

        /** {@code GC_REPLAY_WINDOW_MINUTES}, default and most 15 minutes. */
        public Builder window(Duration value) {
            window = value;
            return this;
        }

        /** {@code GC_REPLAY_SETTLE_SECONDS}, default 10 s. */
        public Builder settle(Duration value) {
            settle = value;
            return this;
        }

        /** {@code GC_REPLAY_PAGE_SIZE}, default 500. */
        public Builder pageSize(int value) {
            pageSize = value;
            return this;
        }

        /** {@code GC_REPLAY_REQUEST_INTERVAL_MS}, default 1 s. */
        public Builder requestInterval(Duration value) {
            requestInterval = value;
            return this;
        }

        /** {@code GC_REPLAY_TIMEOUT_SECONDS}, default 30 s. */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** {@code GC_REPLAY_RETRY_MAX_SECONDS}, default 600 s. */
        public Builder retryMax(Duration value) {
            retryMax = value;
            return this;
        }

        /** @throws ConfigException naming the variable of the first invalid value */
        public ReplayConfig build() {
            return new ReplayConfig(url, serviceName, redisUrl, redisToken, margin, threshold, maxGap, window, settle,
                    pageSize, requestInterval, timeout, retryMax);
        }
    }

    /** The first pause before a failed window is tried again; doubles up to {@link #retryMax}. */
    Duration retryInitial() {
        Duration twentieth = retryMax.dividedBy(20);
        return twentieth.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : twentieth;
    }

    @Override
    public String toString() {
        return "ReplayConfig[url=" + url + ", serviceName=" + serviceName + ", redisUrl=" + redisUrl
                + ", redisToken=" + (redisToken.isPresent() ? "***" : "-") + ", margin=" + margin
                + ", threshold=" + threshold + ", maxGap=" + maxGap + ", window=" + window + ", settle=" + settle
                + ", pageSize=" + pageSize + ", requestInterval=" + requestInterval + ", timeout=" + timeout
                + ", retryMax=" + retryMax + "]";
    }
}
