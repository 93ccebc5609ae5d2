package wis2.gc.manager;

/**
 * Many distinct sources became unreachable at once: the cache's own network (NAT, resolver) is
 * at fault, not theirs. A fault of the cache: the record is retried and no source is blamed.
 */
final class OwnNetworkException extends RuntimeException {
    OwnNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
