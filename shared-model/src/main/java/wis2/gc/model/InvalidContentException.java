package wis2.gc.model;

/**
 * Inline {@code properties.content} that cannot be used: unknown encoding, bad base64 or gzip,
 * a decoded size different from {@code size}, or more bytes than allowed.
 */
public final class InvalidContentException extends RuntimeException {

    private final String reason;

    public InvalidContentException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /** One of {@code bad-encoding}, {@code bad-base64}, {@code bad-gzip}, {@code size-mismatch}, {@code too-large}. */
    public String reason() {
        return reason;
    }
}
