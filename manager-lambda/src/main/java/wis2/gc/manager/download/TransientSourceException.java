package wis2.gc.manager.download;

import java.time.Duration;
import java.util.Optional;

/**
 * A source failure worth another attempt later (5xx, 429, reset, truncated body, no answer within
 * the connect or read timeout, temporary DNS failure). Thrown out of a download when the retries
 * were spent or the next one did not fit the time budget: the record goes back to the queue
 * until its attempt limit, then counts as a download failure.
 */
public final class TransientSourceException extends RuntimeException {
    private final String reason;
    private final String host;
    private final boolean unreachable;
    private final Optional<Duration> retryAfter;

    public TransientSourceException(String reason, String message, String host, boolean unreachable,
            Optional<Duration> retryAfter,
            Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.host = host;
        this.unreachable = unreachable;
        this.retryAfter = retryAfter;
    }

    /** A short stable code, e.g. {@code http-503}, {@code reset}, {@code unreachable}. */
    public String reason() {
        return reason;
    }

    /** The host that failed. */
    String host() {
        return host;
    }

    /** True when the host could not be connected to or resolved at all: the failure the cache's own network causes too.
     * */
    boolean unreachable() {
        return unreachable;
    }

    /** The pause the source asked for (429/503 {@code Retry-After}), if any. */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The same failure, saying how it ended. */
    TransientSourceException because(String why) {
        return new TransientSourceException(reason, getMessage() + " (" + why + ")", host, unreachable, retryAfter,
                this);
    }
}
