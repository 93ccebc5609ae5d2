package wis2.gc.manager.download;

/** A source URL the cache will not connect to (scheme, or an address it must not reach). */
public final class SourceRefusedException extends RuntimeException {
    private final String reason;

    public SourceRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A short stable code, e.g. {@code forbidden-address}. */
    public String reason() {
        return reason;
    }
}
