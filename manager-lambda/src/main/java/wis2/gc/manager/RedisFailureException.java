package wis2.gc.manager;

/** Redis (claims, metrics) could not be used; the record fails so SQS retries it. */
final class RedisFailureException extends RuntimeException {
    RedisFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
