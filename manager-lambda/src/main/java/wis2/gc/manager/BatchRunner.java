package wis2.gc.manager;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import wis2.gc.model.SqsContract;

/**
 * Runs one SQS batch: the records of different message groups (data_ids) concurrently on
 * virtual threads, so one slow source never holds the others; the records of one group in
 * order. Once a record fails, the later records of its group in this batch are reported
 * failed without being run, which keeps FIFO order on retry.
 */
final class BatchRunner {
    private final Consumer<RecordProcessor.InboundRecord> processor;

    /** @param processor runs one record; throws when the record must be retried */
    BatchRunner(Consumer<RecordProcessor.InboundRecord> processor) {
        this.processor = processor;
    }

    SQSBatchResponse run(SQSEvent event) {
        List<SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, List<SQSMessage>> groups = new LinkedHashMap<>();
        for (SQSMessage m : records) {
            groups.computeIfAbsent(groupOf(m), g -> new ArrayList<>()).add(m);
        }
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<SQSMessage> group : groups.values()) {
                threads.submit(() -> runGroup(group, failed));
            }
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage m : records) {
            if (failed.contains(m.getMessageId())) failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
        }
        return new SQSBatchResponse(failures);
    }

    private void runGroup(List<SQSMessage> group, ConcurrentLinkedQueue<String> failed) {
        boolean failing = false;
        for (SQSMessage m : group) {
            if (!failing) {
                try {
                    processor.accept(new RecordProcessor.InboundRecord(m.getMessageId(), m.getBody(), topicOf(m)));
                } catch (Throwable e) { // whatever went wrong, the record must come back rather than be lost
                    failing = true;
                }
            }
            if (failing) failed.add(m.getMessageId());
        }
    }

    /** Records without a group (a standard queue) are independent of each other. */
    private static String groupOf(SQSMessage m) {
        String group = m.getAttributes() == null ? null : m.getAttributes().get("MessageGroupId");
        return group != null ? "g:" + group : "m:" + m.getMessageId();
    }

    private static String topicOf(SQSMessage m) {
        var attributes = m.getMessageAttributes();
        var topic = attributes == null ? null : attributes.get(SqsContract.ATTR_TOPIC);
        return topic == null ? null : topic.getStringValue();
    }
}
