package wis2.gc.metrics;

/** The metrics endpoint's configuration is missing or malformed; the message names the variable. */
public final class InvalidMetricsConfigException extends RuntimeException {
    InvalidMetricsConfigException(String message) {
        super(message);
    }
}
