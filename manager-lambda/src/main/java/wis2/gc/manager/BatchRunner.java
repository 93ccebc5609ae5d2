package wis2.gc.manager;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import wis2.gc.model.SqsContract;

/**
 * Runs one SQS batch: the records of different message groups (data_ids) concurrently on
 * virtual threads, so one slow source never holds the others; the records of one group in
 * order. Once a record fails, the later records of its group in this batch are reported
 * failed without being run, which keeps FIFO order on retry. A record that would start with no
 * more than {@code minimumStart} left before the invocation's deadline is not started: it is
 * reported failed and comes back, rather than being cut by Lambda's timeout with the whole batch.
 */
final class BatchRunner {
    private final BiConsumer<RecordProcessor.InboundRecord, Deadline> processor;
    private final Duration minimumStart;

    /** Without a deadline check (every record starts). */
    BatchRunner(Consumer<RecordProcessor.InboundRecord> processor) {
        this((r, d) -> processor.accept(r), Duration.ZERO);
    }

    /**
     * @param processor runs one record before the deadline; throws when the record must be retried
     * @param minimumStart the time a record needs left to be started
     */
    BatchRunner(BiConsumer<RecordProcessor.InboundRecord, Deadline> processor, Duration minimumStart) {
        this.processor = processor;
        this.minimumStart = minimumStart;
    }

    SQSBatchResponse run(SQSEvent event) {
        return run(event, Deadline.NONE);
    }

    SQSBatchResponse run(SQSEvent event, Deadline deadline) {
        List<SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, List<SQSMessage>> groups = new LinkedHashMap<>();
        for (SQSMessage m : records) {
            groups.computeIfAbsent(groupOf(m), g -> new ArrayList<>()).add(m);
        }
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<SQSMessage> group : groups.values()) {
                threads.submit(() -> runGroup(group, failed, deadline));
            }
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage m : records) {
            if (failed.contains(m.getMessageId())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void runGroup(List<SQSMessage> group, ConcurrentLinkedQueue<String> failed, Deadline deadline) {
        boolean failing = false;
        for (SQSMessage m : group) {
            if (!failing && !deadline.allows(minimumStart)) {
                failing = true; // too late to start: this record and the rest of its group come back
            }
            if (!failing) {
                try {
                    processor.accept(new RecordProcessor.InboundRecord(m.getMessageId(), m.getBody(), topicOf(m),
                            receiveCountOf(m)),
                            deadline);
                } catch (Throwable e) { // whatever went wrong, the record must come back rather than be lost
                    failing = true;
                }
            }
            if (failing) {
                failed.add(m.getMessageId());
            }
        }
    }

    /** Records without a group (a standard queue) are independent of each other. */
    private static String groupOf(SQSMessage m) {
        String group = m.getAttributes() == null ? null : m.getAttributes().get("MessageGroupId");
        return group != null ? "g:" + group : "m:" + m.getMessageId();
    }

    /** {@code ApproximateReceiveCount}, 1 when absent or unreadable. */
    static int receiveCountOf(SQSMessage m) {
        String count = m.getAttributes() == null ? null : m.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String topicOf(SQSMessage m) {
        var attributes = m.getMessageAttributes();
        var topic = attributes == null ? null : attributes.get(SqsContract.ATTR_TOPIC);
        return topic == null ? null : topic.getStringValue();
    }
}
