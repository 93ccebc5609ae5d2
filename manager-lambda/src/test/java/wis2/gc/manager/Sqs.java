package wis2.gc.manager;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import wis2.gc.model.SqsContract;
import wis2.gc.testing.Resources;
import wis2.gc.testing.Wnm;

/**
 * SQS events as the Lambda event source mapping delivers them from the listener's FIFO queue: every
 * record is made from a real FIFO event ({@value #FIFO_EVENT}), with the test's id, body, message
 * group and topic, so it carries every field Lambda sends.
 */
final class Sqs {
    /** Two records of a FIFO queue as Lambda hands them to a handler (the second one delivered again). */
    static final String FIFO_EVENT = "events/sqs-fifo-batch.json";

    // the Lambda runtime matches the event's field names (eventSourceARN, Records) case-insensitively too
    private static final JsonMapper EVENTS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Sqs() {
    }

    /** The real FIFO event, as delivered. */
    static SQSEvent fifoEvent() {
        return EVENTS.readValue(Resources.bytes(FIFO_EVENT), SQSEvent.class);
    }

    static SQSEvent.SQSMessage record(String topic, Wnm wnm) {
        return record(UUID.randomUUID().toString(), topic, wnm.dataId(), wnm.json());
    }

    static SQSEvent.SQSMessage record(String messageId, String topic, String dataId, String body) {
        return message(messageId, SqsContract.groupId(dataId), topic, body);
    }

    /**
     * The first record of the real event with this id, body, topic and message group; a null
     * group makes a record without one, as a standard queue delivers.
     */
    static SQSEvent.SQSMessage message(String messageId, String group, String topic, String body) {
        SQSEvent.SQSMessage m = fifoEvent().getRecords().getFirst();
        m.setMessageId(messageId);
        m.setBody(body);
        m.setMd5OfBody(md5Hex(body));
        Map<String, String> attributes = new HashMap<>(m.getAttributes());
        if (group == null) {
            attributes.remove("MessageGroupId");
        } else {
            attributes.put("MessageGroupId", group);
        }
        m.setAttributes(attributes);
        m.getMessageAttributes().get(SqsContract.ATTR_TOPIC).setStringValue(topic);
        return m;
    }

    private static String md5Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    static SQSEvent event(List<SQSEvent.SQSMessage> records) {
        SQSEvent e = new SQSEvent();
        e.setRecords(new ArrayList<>(records));
        return e;
    }

    static SQSEvent event(SQSEvent.SQSMessage... records) {
        return event(List.of(records));
    }

    /** A Lambda context with {@code remaining} left of the invocation, counting down. */
    static com.amazonaws.services.lambda.runtime.Context contextWith(java.time.Duration remaining) {
        long deadline = System.nanoTime() + remaining.toNanos();
        return new com.amazonaws.services.lambda.runtime.Context() {
            @Override public String getAwsRequestId() { return "test-request"; }
            @Override public String getLogGroupName() { return "/aws/lambda/test"; }
            @Override public String getLogStreamName() { return "test"; }
            @Override public String getFunctionName() { return "test"; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:functio"
                    + "n:test"; }
            @Override public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
            @Override public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() {
                return (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            }
            @Override public int getMemoryLimitInMB() { return 1024; }
            @Override public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
        };
    }

    static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
