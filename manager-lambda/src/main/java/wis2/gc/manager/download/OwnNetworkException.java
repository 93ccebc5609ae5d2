package wis2.gc.manager.download;

/**
 * Many distinct sources became unreachable at once: the cache's own network (NAT, resolver) is
 * at fault, not theirs. A fault of the cache: the record is retried and no source is blamed.
 */
public final class OwnNetworkException extends RuntimeException {
    public OwnNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
