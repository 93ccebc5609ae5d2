package wis2.gc.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchRunnerTest {

    private static final String TOPIC = "origin/a/wis2/xx/data/core/x";

    static SQSEvent.SQSMessage message(String id, String group, String body) {
        return Sqs.message(id, group, TOPIC, body);
    }

    @Test
    void run_aRealFifoEvent_handsEachRecordsIdBodyTopicAndReceiveCountOver() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner((r, d) -> seen.add(r.messageId() + " " + r.body() + " " + r.topic()
                + " " + r.receiveCount()), java.time.Duration.ZERO);

        SQSBatchResponse response = runner.run(Sqs.fifoEvent(), Deadline.NONE);

        assertThat(Sqs.failed(response)).isEmpty();
        assertThat(seen).containsExactlyInAnyOrder(
                "0f4e3c2a-7b61-4d3e-9a55-2c8e1b7d6f01 "
                + "{\"id\":\"31e9d66a-cd83-4174-9429-b932f1abe1be\",\"type\":\"Feature\"}"
                        + " origin/a/wis2/xx-test/data/core/weather/surface-based-observations/synop 1",
                "7a2d9c41-3e8b-4f60-b1d7-5e9c0a4b8f12 "
                + "{\"id\":\"5b7e0c1a-2f93-4d48-8e6b-9a0c3d2e1f47\",\"type\":\"Feature\"}"
                        + " origin/a/wis2/xx-test/data/core/weather/surface-based-observations/temp 2");
    }

    @Test
    void run_processesAGroupInOrderAndPassesBodyAndTopic() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner(r -> seen.add(r.messageId() + ":" + r.body() + ":" + r.topic()));

        SQSBatchResponse response =
                runner.run(Sqs.event(message("1", "g", "a"), message("2", "g", "b"), message("3", "g", "c")));

        assertThat(Sqs.failed(response)).isEmpty();
        assertThat(seen).containsExactly("1:a:origin/a/wis2/xx/data/core/x", "2:b:origin/a/wis2/xx/data/core/x",
                "3:c:origin/a/wis2/xx/data/core/x");
    }

    @Test
    void run_afterAFailureReportsTheRestOfItsGroupFailedWithoutRunningThem() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner(r -> {
            seen.add(r.messageId());
            if (r.messageId().equals("2")) {
                throw new PublishException("broker down", null);
            }
        });

        SQSBatchResponse response =
                runner.run(Sqs.event(message("1", "g", "a"), message("2", "g", "b"), message("3", "g", "c"),
                message("4", "h", "d")));

        assertThat(Sqs.failed(response)).containsExactly("2", "3");
        assertThat(seen).containsExactlyInAnyOrder("1", "2", "4");
    }

    @Test
    void run_processesGroupsConcurrently() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        BatchRunner runner = new BatchRunner(r -> {
            bothStarted.countDown();
            try {
                // each group waits for the other: only concurrent processing finishes
                if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("groups ran one after the other");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(Sqs.failed(runner.run(Sqs.event(message("1", "g", "a"), message("2", "h", "b"))))).isEmpty();
    }

    @Test
    void run_reportsErrorsAsFailuresToo() {
        BatchRunner runner = new BatchRunner(r -> {
            throw new StackOverflowError();
        });
        assertThat(Sqs.failed(runner.run(Sqs.event(message("1", null, "a"))))).containsExactly("1");
    }

    @Test
    void run_acceptsAnEmptyEvent() {
        assertThat(Sqs.failed(new BatchRunner(r -> { }).run(new SQSEvent()))).isEmpty();
    }

    @Test
    void run_recordsWithoutEnoughTimeLeft_areReportedFailedWithoutRunning() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner((r, d) -> seen.add(r.messageId()), java.time.Duration.ofSeconds(5));

        SQSBatchResponse response = runner.run(Sqs.event(message("1", "g", "a"), message("2", "h", "b")),
                Deadline.after(java.time.Duration.ofSeconds(3)));

        assertThat(Sqs.failed(response)).containsExactly("1", "2");
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

        SQSBatchResponse response =
                runner.run(Sqs.event(message("1", "g", "a"), message("2", "g", "b"), message("3", "h", "c")), deadline);

        assertThat(Sqs.failed(response)).containsExactly("2");
        assertThat(seen).containsExactlyInAnyOrder("1", "3");
    }

    @Test
    void run_handsTheDeadlineAndTheReceiveCountOver() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Deadline deadline = Deadline.after(java.time.Duration.ofSeconds(60));
        BatchRunner runner = new BatchRunner((r, d) ->
                seen.add(r.messageId() + ":" + r.receiveCount() + ":" + (d == deadline)),
                java.time.Duration.ZERO);
        SQSEvent.SQSMessage again = message("1", "g", "a");
        again.setAttributes(Map.of("MessageGroupId", "g", "ApproximateReceiveCount", "4"));

        runner.run(Sqs.event(again, message("2", "h", "b")), deadline);

        assertThat(seen).containsExactlyInAnyOrder("1:4:true", "2:1:true");
    }
}
