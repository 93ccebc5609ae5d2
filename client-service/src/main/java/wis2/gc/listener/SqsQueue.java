package wis2.gc.listener;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import wis2.gc.model.SqsContract;

/** {@link MessageQueue} on an SQS FIFO queue, with the attributes of the SQS contract. */
final class SqsQueue implements MessageQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final MessageAttributeValue broker;

    SqsQueue(SqsClient sqs, URI queueUrl, String brokerName) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.toString();
        this.broker = text(brokerName);
    }

    @Override
    public List<Outcome> send(List<Inbound> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Inbound message = batch.get(i);
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(message.body())
                    .messageGroupId(message.groupId())
                    .messageDeduplicationId(message.deduplicationId())
                    .messageAttributes(Map.of(
                            SqsContract.ATTR_TOPIC, text(message.topic()),
                            SqsContract.ATTR_BROKER, broker,
                            SqsContract.ATTR_RECEIVED_AT, text(message.receivedAt().toString())))
                    .build());
        }
        SendMessageBatchResponse response =
                sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        // an entry SQS names in neither list is treated as failed: better twice than never
        Outcome[] outcomes = new Outcome[batch.size()];
        Arrays.fill(outcomes, Outcome.RETRY);
        for (SendMessageBatchResultEntry ok : response.successful()) {
            outcomes[Integer.parseInt(ok.id())] = Outcome.SENT;
        }
        for (BatchResultErrorEntry failed : response.failed()) {
            outcomes[Integer.parseInt(failed.id())] = Boolean.TRUE.equals(failed.senderFault())
                    ? Outcome.REJECTED : Outcome.RETRY;
        }
        return List.of(outcomes);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
