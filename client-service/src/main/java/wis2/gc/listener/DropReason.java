package wis2.gc.listener;

/** Why a message was acknowledged without reaching SQS; {@link #label()} is the metric label. */
enum DropReason {
    NOT_JSON("not-json"),
    NO_DATA_ID("no-data-id"),
    RECOMMENDED("recommended"),
    FOREIGN_TOPIC("foreign-topic"),
    /** The SQS message would exceed the queue's maximum message size; reported with a monitoring event. */
    TOO_LARGE("too-large"),
    OWN_REPUBLICATION("own-republication"),
    /** SQS refused the entry as the sender's fault: retrying cannot help. */
    SQS_REJECTED("sqs-rejected"),
    /** The message callback failed unexpectedly: acknowledged so that it cannot come back in a loop. */
    CALLBACK_FAILED("callback-failed");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
