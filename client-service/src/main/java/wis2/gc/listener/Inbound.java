package wis2.gc.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import wis2.gc.model.SqsContract;

/**
 * A message on its way from the broker to SQS, with the ticket that acknowledges it.
 *
 * @param sqsBytes what the entry weighs against the SendMessageBatch size limit (body plus attributes)
 */
record Inbound(String topic, String body, String groupId, String deduplicationId, Instant receivedAt,
               int sqsBytes, AckSequencer.Ticket ticket) {

    /** An ISO-8601 instant as {@link Instant#toString()} writes it, at most. */
    private static final int RECEIVED_AT_BYTES = 32;

    static Inbound of(String topic, byte[] payload, Triage.Forward forward, Instant receivedAt,
                      AckSequencer.Ticket ticket, int attributeBytes) {
        int weight = payload.length + topic.getBytes(StandardCharsets.UTF_8).length + attributeBytes;
        return new Inbound(topic, forward.body(), forward.groupId(), forward.deduplicationId(), receivedAt,
                weight, ticket);
    }

    /**
     * What SQS counts for the attributes of a message, its topic's value aside: each attribute's
     * name, data type ({@code String}) and value (SQS message size, as documented for SendMessage).
     */
    static int attributeBytes(String brokerName) {
        int names = SqsContract.ATTR_TOPIC.length() + SqsContract.ATTR_BROKER.length()
                + SqsContract.ATTR_RECEIVED_AT.length();
        return names + 3 * "String".length() + brokerName.getBytes(StandardCharsets.UTF_8).length + RECEIVED_AT_BYTES;
    }
}
