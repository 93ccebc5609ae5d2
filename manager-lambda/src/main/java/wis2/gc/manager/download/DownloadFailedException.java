package wis2.gc.manager.download;

/** A source could not deliver its object (status, timeout, broken body); a result, not a fault of the cache. */
public final class DownloadFailedException extends RuntimeException {
    private final String reason;

    public DownloadFailedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DownloadFailedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A short stable code, e.g. {@code http-404}, {@code timeout}, {@code length-mismatch}. */
    public String reason() {
        return reason;
    }
}
