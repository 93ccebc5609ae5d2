package wis2.gc.manager;

/** The object store failed (unreachable, refused); the record fails so SQS retries it. */
final class ObjectStoreException extends RuntimeException {
    ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
