package wis2.gc.manager;

/** A source URL the cache will not connect to (scheme, or an address it must not reach). */
final class SourceRefusedException extends RuntimeException {
    private final String reason;

    SourceRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A short stable code, e.g. {@code forbidden-address}. */
    String reason() {
        return reason;
    }
}
