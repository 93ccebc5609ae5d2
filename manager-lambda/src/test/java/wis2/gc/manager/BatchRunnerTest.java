package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchRunnerTest {

    static SQSEvent.SQSMessage message(String id, String group, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setAttributes(group == null ? Map.of() : Map.of("MessageGroupId", group));
        SQSEvent.MessageAttribute topic = new SQSEvent.MessageAttribute();
        topic.setDataType("String");
        topic.setStringValue("origin/a/wis2/xx/data/core/x");
        m.setMessageAttributes(Map.of("topic", topic));
        return m;
    }

    static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent e = new SQSEvent();
        e.setRecords(new ArrayList<>(List.of(messages)));
        return e;
    }

    private static List<String> failedIds(SQSBatchResponse r) {
        return r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void run_processesAGroupInOrderAndPassesBodyAndTopic() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner(r -> seen.add(r.messageId() + ":" + r.body() + ":" + r.topic()));

        SQSBatchResponse response = runner.run(event(message("1", "g", "a"), message("2", "g", "b"), message("3", "g", "c")));

        assertThat(failedIds(response)).isEmpty();
        assertThat(seen).containsExactly("1:a:origin/a/wis2/xx/data/core/x", "2:b:origin/a/wis2/xx/data/core/x",
                "3:c:origin/a/wis2/xx/data/core/x");
    }

    @Test
    void run_afterAFailureReportsTheRestOfItsGroupFailedWithoutRunningThem() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner(r -> {
            seen.add(r.messageId());
            if (r.messageId().equals("2")) throw new PublishException("broker down", null);
        });

        SQSBatchResponse response = runner.run(event(message("1", "g", "a"), message("2", "g", "b"), message("3", "g", "c"),
                message("4", "h", "d")));

        assertThat(failedIds(response)).containsExactly("2", "3");
        assertThat(seen).containsExactlyInAnyOrder("1", "2", "4");
    }

    @Test
    void run_processesGroupsConcurrently() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        BatchRunner runner = new BatchRunner(r -> {
            bothStarted.countDown();
            try {
                // each group waits for the other: only concurrent processing finishes
                if (!bothStarted.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("groups ran one after the other");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(failedIds(runner.run(event(message("1", "g", "a"), message("2", "h", "b"))))).isEmpty();
    }

    @Test
    void run_reportsErrorsAsFailuresToo() {
        BatchRunner runner = new BatchRunner(r -> {
            throw new StackOverflowError();
        });
        assertThat(failedIds(runner.run(event(message("1", null, "a"))))).containsExactly("1");
    }

    @Test
    void run_acceptsAnEmptyEvent() {
        assertThat(failedIds(new BatchRunner(r -> { }).run(new SQSEvent()))).isEmpty();
    }

    @Test
    void run_recordsWithoutEnoughTimeLeft_areReportedFailedWithoutRunning() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner((r, d) -> seen.add(r.messageId()), java.time.Duration.ofSeconds(5));

        SQSBatchResponse response = runner.run(event(message("1", "g", "a"), message("2", "h", "b")),
                Deadline.after(java.time.Duration.ofSeconds(3)));

        assertThat(failedIds(response)).containsExactly("1", "2");
        assertThat(seen).isEmpty();
    }

    @Test
    void run_aRecordThatRanOutOfTimeFailsTheRestOfItsGroupOnly() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Deadline deadline = Deadline.after(java.time.Duration.ofMillis(1500));
        BatchRunner runner = new BatchRunner((r, d) -> {
            seen.add(r.messageId());
            if (r.messageId().equals("1")) {
                try {
                    Thread.sleep(1000); // leaves less than the second record needs to start
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, java.time.Duration.ofSeconds(1));

        SQSBatchResponse response = runner.run(event(message("1", "g", "a"), message("2", "g", "b"), message("3", "h", "c")), deadline);

        assertThat(failedIds(response)).containsExactly("2");
        assertThat(seen).containsExactlyInAnyOrder("1", "3");
    }

    @Test
    void run_handsTheDeadlineAndTheReceiveCountOver() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Deadline deadline = Deadline.after(java.time.Duration.ofSeconds(60));
        BatchRunner runner = new BatchRunner((r, d) -> seen.add(r.messageId() + ":" + r.receiveCount() + ":" + (d == deadline)),
                java.time.Duration.ZERO);
        SQSEvent.SQSMessage again = message("1", "g", "a");
        again.setAttributes(Map.of("MessageGroupId", "g", "ApproximateReceiveCount", "4"));

        runner.run(event(again, message("2", "h", "b")), deadline);

        assertThat(seen).containsExactlyInAnyOrder("1:4:true", "2:1:true");
    }
}
