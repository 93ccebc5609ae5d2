package wis2.gc.model;

/**
 * A received message that is not a usable WIS2 notification. {@link #reason()} is a short stable
 * code for logs and metrics; the message names the detail (for a schema violation, the JSON path).
 */
public final class InvalidNotificationException extends RuntimeException {

    private final String reason;

    public InvalidNotificationException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public InvalidNotificationException(String reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    /**
     * One of {@code not-json}, {@code not-object}, {@code no-data-id}, {@code no-pubtime},
     * {@code bad-pubtime}, {@code schema}, {@code no-source-link}.
     */
    public String reason() {
        return reason;
    }
}
