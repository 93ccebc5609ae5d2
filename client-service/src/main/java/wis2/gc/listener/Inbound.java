package wis2.gc.listener;

import java.time.Instant;

/**
 * A message on its way from the broker to SQS, with the ticket that acknowledges it.
 *
 * @param sqsBytes what the entry weighs against the SendMessageBatch size limit (body plus attributes)
 */
record Inbound(String topic, String body, String groupId, String deduplicationId, Instant receivedAt,
               int sqsBytes, AckSequencer.Ticket ticket) {

    /** Generous allowance for the attribute names, types and the broker name and timestamp. */
    private static final int ATTRIBUTE_ALLOWANCE = 256;

    static Inbound of(String topic, byte[] payload, Triage.Forward forward, Instant receivedAt,
                      AckSequencer.Ticket ticket) {
        int weight = payload.length + topic.length() * 4 + ATTRIBUTE_ALLOWANCE;
        return new Inbound(topic, forward.body(), forward.groupId(), forward.deduplicationId(), receivedAt,
                weight, ticket);
    }
}
