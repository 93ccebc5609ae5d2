package wis2.gc.listener;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import wis2.gc.model.InvalidNotificationException;
import wis2.gc.model.InvalidTopicException;
import wis2.gc.model.Notification;
import wis2.gc.model.SqsContract;
import wis2.gc.model.Topic;

/**
 * The cheap checks made on Paho's callback thread before a message is queued for SQS. Full
 * validation is the manager's job; here only what would be wasted work (or impossible to put
 * in an SQS body) is dropped.
 */
class Triage {

    /** What becomes of one MQTT message. */
    sealed interface Verdict permits Forward, Drop {}

    /** Queue it: the body is the payload decoded as UTF-8, which re-encodes to the same bytes. */
    record Forward(String body, String groupId, String deduplicationId) implements Verdict {}

    record Drop(DropReason reason) implements Verdict {}

    private final String centreId;
    private final int maxMessageBytes;
    private final int attributeBytes;

    /**
     * @param maxMessageBytes the queue's maximum message size, which counts the body and every
     *                        attribute's name, type and value (the topic is added per message)
     */
    Triage(String centreId, String brokerName, int maxMessageBytes) {
        this.centreId = centreId;
        this.maxMessageBytes = maxMessageBytes;
        this.attributeBytes = Inbound.attributeBytes(brokerName);
    }

    /** The size SQS counts for a message of this topic and payload. */
    long sqsSize(String topicName, byte[] payload) {
        return (long) payload.length + topicName.getBytes(StandardCharsets.UTF_8).length + attributeBytes;
    }

    /** Not final: a test makes a Triage that fails, to show a failing callback loses nothing. */
    Verdict examine(String topicName, byte[] payload) {
        Topic topic;
        try {
            topic = Topic.parse(topicName);
        } catch (InvalidTopicException e) {
            return new Drop(DropReason.FOREIGN_TOPIC);
        }
        if (topic.isRecommended()) {
            return new Drop(DropReason.RECOMMENDED);
        }
        if (sqsSize(topicName, payload) > maxMessageBytes) {
            return new Drop(DropReason.TOO_LARGE);
        }
        Optional<String> body = sqsBody(payload);
        if (body.isEmpty()) {
            return new Drop(DropReason.NOT_JSON);
        }
        Notification.Peek peek;
        try {
            peek = Notification.peek(payload);
        } catch (InvalidNotificationException e) {
            return new Drop("no-data-id".equals(e.reason()) ? DropReason.NO_DATA_ID : DropReason.NOT_JSON);
        }
        if (peek.dataId() == null || peek.dataId().isEmpty()) {
            return new Drop(DropReason.NO_DATA_ID);
        }
        if (centreId.equals(peek.globalCache())) {
            return new Drop(DropReason.OWN_REPUBLICATION);
        }
        // Without an id the manager will reject it with a counted reason; deduplicate on the content meanwhile.
        String identity = peek.id() != null ? peek.id() : "body:" + body.get();
        return new Forward(body.get(), SqsContract.groupId(peek.dataId()), SqsContract.deduplicationId(identity));
    }

    /**
     * SQS bodies are strings of XML characters. A WIS2 notification is UTF-8 JSON, so a payload
     * that is not strict UTF-8, or holds a character SQS refuses, cannot be a valid one: it is
     * dropped as {@code not-json} instead of being altered (the body must be the bytes received).
     */
    static Optional<String> sqsBody(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        boolean allowed = text.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD
                || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF);
        return allowed ? Optional.of(text) : Optional.empty();
    }
}
