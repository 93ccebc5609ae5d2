package wis2.gc.replay;

import static wis2.gc.listener.EnvValues.integer;
import static wis2.gc.listener.EnvValues.optional;
import static wis2.gc.listener.EnvValues.require;
import static wis2.gc.listener.EnvValues.uri;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import wis2.gc.listener.InvalidConfigException;

/**
 * How a listener backfills gaps from the WIS2 Global Replay service, read once at start-up.
 * {@link #fromEnvironment} returns empty when {@code GC_GLOBAL_REPLAY_URL} is unset (no backfill).
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
                || "rediss".equals(redisUrl.getScheme())), "must be a redis:// or rediss:// URL (backfill needs Redis)");
        Objects.requireNonNull(redisToken, "redisToken");
        require("GC_REPLAY_MARGIN_MINUTES", margin != null && !margin.isNegative() && margin.compareTo(Duration.ofHours(1)) <= 0,
                "must be between 0 and 60. Found: " + minutes(margin));
        require("GC_REPLAY_THRESHOLD_MINUTES", threshold != null && threshold.isPositive()
                && threshold.compareTo(Duration.ofDays(1)) <= 0, "must be between 1 and 1440. Found: " + minutes(threshold));
        require("GC_REPLAY_MAX_GAP_HOURS", maxGap != null && maxGap.isPositive() && maxGap.compareTo(Duration.ofDays(3)) <= 0,
                "must be between 1 and 72 (the service keeps 3 days). Found: " + (maxGap == null ? null : maxGap.toHours()));
        require("GC_REPLAY_WINDOW_MINUTES", window != null && window.isPositive() && window.compareTo(MAX_WINDOW) <= 0
                && window.toMillis() % 1000 == 0, "must be between 1 and 15. Found: " + minutes(window));
        require("GC_REPLAY_SETTLE_SECONDS", settle != null && !settle.isNegative()
                && settle.compareTo(Duration.ofMinutes(5)) <= 0, "must be between 0 and 300. Found: " + (settle == null ? null : settle.toSeconds()));
        require("GC_REPLAY_PAGE_SIZE", pageSize >= 1 && pageSize <= 10_000, "must be between 1 and 10000. Found: " + pageSize);
        require("GC_REPLAY_REQUEST_INTERVAL_MS", requestInterval != null && !requestInterval.isNegative()
                && requestInterval.compareTo(Duration.ofMinutes(1)) <= 0, "must be between 0 and 60000. Found: " + (requestInterval == null ? null : requestInterval.toMillis()));
        require("GC_REPLAY_TIMEOUT_SECONDS", timeout != null && timeout.isPositive()
                && timeout.compareTo(Duration.ofMinutes(5)) <= 0, "must be between 1 and 300. Found: " + (timeout == null ? null : timeout.toSeconds()));
        require("GC_REPLAY_RETRY_MAX_SECONDS", retryMax != null && retryMax.compareTo(Duration.ofSeconds(1)) >= 0
                && retryMax.compareTo(Duration.ofHours(1)) <= 0, "must be between 1 and 3600. Found: " + (retryMax == null ? null : retryMax.toSeconds()));
    }

    /**
     * Reads the {@code GC_GLOBAL_REPLAY_*}, {@code GC_REPLAY_*} and {@code GC_REDIS_*} variables;
     * empty when {@code GC_GLOBAL_REPLAY_URL} is unset. Throws {@link InvalidConfigException}
     * naming the first variable that is malformed.
     */
    public static Optional<ReplayConfig> fromEnvironment(Map<String, String> env) {
        Optional<String> url = optional(env, "GC_GLOBAL_REPLAY_URL");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReplayConfig(
                uri("GC_GLOBAL_REPLAY_URL", url.get()),
                optional(env, "GC_GLOBAL_REPLAY_NAME").orElse("global-replay"),
                uri("GC_REDIS_URL", optional(env, "GC_REDIS_URL")
                        .orElseThrow(() -> new InvalidConfigException("GC_REDIS_URL", "is required with GC_GLOBAL_REPLAY_URL"))),
                optional(env, "GC_REDIS_TOKEN"),
                Duration.ofMinutes(integer(env, "GC_REPLAY_MARGIN_MINUTES", 5)),
                Duration.ofMinutes(integer(env, "GC_REPLAY_THRESHOLD_MINUTES", 10)),
                Duration.ofHours(integer(env, "GC_REPLAY_MAX_GAP_HOURS", 6)),
                Duration.ofMinutes(integer(env, "GC_REPLAY_WINDOW_MINUTES", 15)),
                Duration.ofSeconds(integer(env, "GC_REPLAY_SETTLE_SECONDS", 10)),
                integer(env, "GC_REPLAY_PAGE_SIZE", 500),
                Duration.ofMillis(integer(env, "GC_REPLAY_REQUEST_INTERVAL_MS", 1000)),
                Duration.ofSeconds(integer(env, "GC_REPLAY_TIMEOUT_SECONDS", 30)),
                Duration.ofSeconds(integer(env, "GC_REPLAY_RETRY_MAX_SECONDS", 600))));
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

    private static Long minutes(Duration d) {
        return d == null ? null : d.toMinutes();
    }
}
