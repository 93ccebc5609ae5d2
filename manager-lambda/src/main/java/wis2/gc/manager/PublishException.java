package wis2.gc.manager;

/** The cache's broker did not take a message; the record fails so SQS retries it. */
final class PublishException extends RuntimeException {
    PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
