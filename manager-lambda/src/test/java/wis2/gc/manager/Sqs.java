package wis2.gc.manager;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import wis2.gc.model.SqsContract;

/** SQS events as the Lambda event source mapping delivers them from the listener's FIFO queue. */
final class Sqs {
    private Sqs() {
    }

    static SQSEvent.SQSMessage record(String topic, Wnm wnm) {
        return record(UUID.randomUUID().toString(), topic, wnm.dataId(), wnm.json());
    }

    static SQSEvent.SQSMessage record(String messageId, String topic, String dataId, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(messageId);
        m.setBody(body);
        m.setAttributes(Map.of("MessageGroupId", SqsContract.groupId(dataId)));
        SQSEvent.MessageAttribute t = new SQSEvent.MessageAttribute();
        t.setDataType("String");
        t.setStringValue(topic);
        m.setMessageAttributes(Map.of(SqsContract.ATTR_TOPIC, t));
        return m;
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
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:test"; }
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
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
