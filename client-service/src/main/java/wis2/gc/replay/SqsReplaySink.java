package wis2.gc.replay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import wis2.gc.model.SqsContract;

/**
 * {@link ReplaySink} on the SQS FIFO work queue, with the listener's contract: the body, the
 * group and deduplication ids, and the {@code topic}, {@code broker} (here the replay service's
 * name) and {@code received_at} attributes. Batches of up to ten entries and 256 KiB; entries
 * that fail for a transient reason are sent again a few times before the window fails.
 */
final class SqsReplaySink implements ReplaySink {

    private static final Logger LOG = LoggerFactory.getLogger(SqsReplaySink.class);
    private static final int MAX_ENTRIES = 10;
    private static final int MAX_BATCH_BYTES = 262_144;
    private static final int ATTRIBUTE_ALLOWANCE = 256;
    private static final int ATTEMPTS = 5;

    private final SqsClient sqs;
    private final String queueUrl;
    private final MessageAttributeValue broker;
    private final Clock clock;

    SqsReplaySink(SqsClient sqs, URI queueUrl, String serviceName, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.toString();
        this.broker = text(serviceName);
        this.clock = clock;
    }

    @Override
    public int send(List<Entry> entries) throws InterruptedException {
        int accepted = 0;
        List<Entry> batch = new ArrayList<>(MAX_ENTRIES);
        int bytes = 0;
        for (Entry entry : entries) {
            int weight = weight(entry);
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + weight > MAX_BATCH_BYTES)) {
                accepted += sendBatch(batch);
                batch = new ArrayList<>(MAX_ENTRIES);
                bytes = 0;
            }
            batch.add(entry);
            bytes += weight;
        }
        if (!batch.isEmpty()) {
            accepted += sendBatch(batch);
        }
        return accepted;
    }

    private int sendBatch(List<Entry> batch) throws InterruptedException {
        List<Entry> remaining = batch;
        int accepted = 0;
        for (int attempt = 1; ; attempt++) {
            List<Entry> retry = new ArrayList<>();
            try {
                accepted += sendOnce(remaining, retry);
            } catch (SdkException e) {
                retry = remaining;
                if (attempt >= ATTEMPTS) {
                    throw new ReplayException("SendMessageBatch failed " + attempt + " times: " + e.getMessage(), e);
                }
            }
            if (retry.isEmpty()) {
                return accepted;
            }
            if (attempt >= ATTEMPTS) {
                throw new ReplayException(retry.size() + " entries were not accepted by SQS after " + attempt
                        + " attempts");
            }
            remaining = retry;
            Thread.sleep(Duration.ofMillis(200L << attempt));
        }
    }

    private int sendOnce(List<Entry> batch, List<Entry> retry) {
        String receivedAt = clock.instant().toString();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Entry entry = batch.get(i);
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(entry.body())
                    .messageGroupId(entry.groupId())
                    .messageDeduplicationId(entry.deduplicationId())
                    .messageAttributes(Map.of(
                            SqsContract.ATTR_TOPIC, text(entry.topic()),
                            SqsContract.ATTR_BROKER, broker,
                            SqsContract.ATTR_RECEIVED_AT, text(receivedAt)))
                    .build());
        }
        SendMessageBatchResponse response =
                sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        boolean[] answered = new boolean[batch.size()];
        response.successful().forEach(ok -> answered[Integer.parseInt(ok.id())] = true);
        for (BatchResultErrorEntry failed : response.failed()) {
            int i = Integer.parseInt(failed.id());
            answered[i] = true;
            if (Boolean.TRUE.equals(failed.senderFault())) {
                LOG.error("SQS refused a backfilled message on " + batch.get(i).topic() + " as invalid ("
                        + failed.code() + "); it is dropped");
            } else {
                retry.add(batch.get(i));
            }
        }
        // an entry named in neither list is sent again: better twice than never
        for (int i = 0; i < batch.size(); i++) {
            if (!answered[i]) {
                retry.add(batch.get(i));
            }
        }
        return response.successful().size();
    }

    private static int weight(Entry entry) {
        return entry.body().getBytes(StandardCharsets.UTF_8).length + entry.topic().length() * 4 + ATTRIBUTE_ALLOWANCE;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
