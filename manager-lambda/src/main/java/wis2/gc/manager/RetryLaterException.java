package wis2.gc.manager;

/**
 * A record met a transient source failure whose retries did not fit this invocation: it goes
 * back to the queue (a batch item failure of its message group only) for a later attempt.
 */
final class RetryLaterException extends RuntimeException {
    RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
