package wis2.gc.model;

/** The SQS FIFO message contract between the listener and the manager. */
public final class SqsContract {

    /** Message attribute: the topic the notification arrived on. */
    public static final String ATTR_TOPIC = "topic";
    /** Message attribute: the name of the Global Broker it came from. */
    public static final String ATTR_BROKER = "broker";
    /** Message attribute: when the listener received it (ISO-8601 instant). */
    public static final String ATTR_RECEIVED_AT = "received_at";

    private static final int MAX_ID = 128;

    private SqsContract() {
    }

    /**
     * The message group: the data_id itself, so one data_id is processed in order; its SHA-256
     * hex when it is over 128 characters or holds a character SQS refuses (only printable ASCII
     * is allowed).
     */
    public static String groupId(String dataId) {
        if (dataId.isEmpty() || dataId.length() > MAX_ID || !dataId.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return Hashes.sha256Hex(dataId);
        }
        return dataId;
    }

    /**
     * The deduplication id: SHA-256 hex of the notification {@code id}, so copies of one message
     * relayed by several brokers within SQS's window collapse.
     */
    public static String deduplicationId(String notificationId) {
        return Hashes.sha256Hex(notificationId);
    }
}
