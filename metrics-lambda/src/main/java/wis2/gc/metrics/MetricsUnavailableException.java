package wis2.gc.metrics;

/** The metric hashes could not be read from Redis (unreachable, timed out, refused). */
final class MetricsUnavailableException extends RuntimeException {
    MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
